using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Orchestrations;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>Reads the environment's expiry and the template's warning schedule for the lifetime orchestration.</summary>
internal sealed class ReadExpiryActivity(IEnvironmentStore environments, ITemplateCatalogSource catalog, HostStopping stopping) : TaskActivity<LifetimeInput, ExpiryInfo>
{
    public override async Task<ExpiryInfo> RunAsync(TaskActivityContext context, LifetimeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var environment = await environments.FindAsync(EnvironmentId.Parse(input.Project, input.Name), stopping.Token).ConfigureAwait(false);
        if (environment is null || environment.Status is EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed)
        {
            return new ExpiryInfo(false, null, []);
        }

        var template = catalog.Catalog.FindEnvironmentTemplate(environment.Template.Name, environment.TemplateVersion);
        return new ExpiryInfo(true, environment.ExpiresAt, [.. template?.Lifetime.WarnBefore ?? []]);
    }
}
