using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// The gate every API endpoint passes (applied by <see cref="ProjectAccessFilter"/>): a valid project name (400), a
/// resolved identity (401) and the access policy's consent for the action (403). Without a project (the catalog) any
/// identified caller passes.
/// </summary>
internal sealed class ProjectAccess(IRequestIdentity identities, IProjectAccessPolicy policy)
{
    public async Task<(RequestIdentity? Identity, ProblemHttpResult? Problem)> CheckAsync(HttpContext context, string? project, ProjectAction action, CancellationToken cancellationToken)
    {
        if (project is not null && ProjectName.Validate(project) is { } invalid)
        {
            return (null, Problems.Create(ProblemCodes.InvalidRequest, invalid, "project", "name.invalid"));
        }

        var identity = await identities.ResolveAsync(context, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return (null, Problems.Create(ProblemCodes.Unauthenticated, "The request carries no acceptable identity.", "Authorization", "identity.required"));
        }

        var denied = project is null ? null : await policy.DenyReasonAsync(identity, project, action, cancellationToken).ConfigureAwait(false);
        return denied is null
            ? (identity, null)
            : (null, Problems.Create(ProblemCodes.Forbidden, denied, "project", "access.denied"));
    }
}
