namespace EnvOrchestrator.Api.Security;

/// <summary>Decides whether an identity may do an action in a project: the one seam for roles, policies and (later) approvals.</summary>
public interface IProjectAccessPolicy
{
    /// <summary>Null when allowed; otherwise why not, shown to the caller.</summary>
    ValueTask<string?> DenyReasonAsync(RequestIdentity identity, string project, ProjectAction action, CancellationToken cancellationToken);
}
