using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// The gate every caller passes, whatever the transport (the API's endpoint filter, the MCP tools): a valid project
/// name, a resolved identity and the access policy's consent for the action. Refusals are
/// <see cref="LifecycleProblem"/>s, so each transport answers them as it answers any other problem. Without a project
/// (the catalog) any identified caller passes.
/// </summary>
public sealed class ProjectAccess(IRequestIdentity identities, IProjectAccessPolicy policy)
{
    private static readonly LifecycleProblem NoIdentity =
        new(ProblemCodes.Unauthenticated, "The request carries no acceptable identity.", "Authorization", "identity.required");

    /// <summary>The caller when allowed, else the reason as a problem (invalid-request, unauthenticated or forbidden).</summary>
    public async Task<(RequestIdentity? Identity, LifecycleProblem? Problem)> CheckAsync(
        HttpContext context, string? project, ProjectAction action, CancellationToken cancellationToken)
    {
        if (project is not null && ProjectName.Validate(project) is { } invalid)
        {
            return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, invalid, "project", "name.invalid"));
        }

        var identity = await identities.ResolveAsync(context, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return (null, NoIdentity);
        }

        var denied = project is null ? null : await policy.DenyReasonAsync(identity, project, action, cancellationToken).ConfigureAwait(false);
        return denied is null
            ? (identity, null)
            : (null, new LifecycleProblem(ProblemCodes.Forbidden, denied, "project", "access.denied"));
    }
}
