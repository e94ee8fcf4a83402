namespace EnvOrchestrator.Lifecycle.ResourceGroups;

/// <summary>The resource group sweep's findings on demand, for operators: it reports and never deletes.</summary>
public interface IResourceGroupCheck
{
    Task<ResourceGroupSweepResult> CheckAsync(CancellationToken cancellationToken);
}
