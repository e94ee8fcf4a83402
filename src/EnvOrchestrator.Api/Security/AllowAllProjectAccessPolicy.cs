namespace EnvOrchestrator.Api.Security;

/// <summary>The default policy: everyone may do everything (single-team installs and local development).</summary>
public sealed class AllowAllProjectAccessPolicy : IProjectAccessPolicy
{
    public ValueTask<string?> DenyReasonAsync(RequestIdentity identity, string project, ProjectAction action, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>(null);
}
