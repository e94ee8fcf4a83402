using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Environments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// The one gate every project-scoped endpoint passes: a valid project name (400), a resolved identity (401) and the
/// access policy's consent for the action (403). Endpoints get the identity back to record who asked.
/// </summary>
internal sealed class ProjectAccess(IRequestIdentity identities, IProjectAccessPolicy policy)
{
    public async Task<(RequestIdentity? Identity, ProblemHttpResult? Problem)> CheckAsync(HttpContext context, string project, ProjectAction action, CancellationToken cancellationToken)
    {
        if (ProjectName.Validate(project) is { } invalid)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, Lifecycle.ProblemCodes.InvalidRequest, invalid, "project", "name.invalid"));
        }

        var identity = await identities.ResolveAsync(context, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return (null, Problems.Create(StatusCodes.Status401Unauthorized, "unauthenticated", "The request carries no acceptable identity.", "Authorization", "identity.required"));
        }

        var denied = await policy.DenyReasonAsync(identity, project, action, cancellationToken).ConfigureAwait(false);
        return denied is null
            ? (identity, null)
            : (null, Problems.Create(StatusCodes.Status403Forbidden, Lifecycle.ProblemCodes.Forbidden, denied, "project", "access.denied"));
    }

    /// <summary>The catalog is readable by any identified caller; with a project, by those who may read in it.</summary>
    public async Task<ProblemHttpResult?> CheckCatalogAsync(HttpContext context, string? project, CancellationToken cancellationToken)
    {
        if (project is not null)
        {
            return (await CheckAsync(context, project, ProjectAction.Read, cancellationToken).ConfigureAwait(false)).Problem;
        }

        return await identities.ResolveAsync(context, cancellationToken).ConfigureAwait(false) is null
            ? Problems.Create(StatusCodes.Status401Unauthorized, "unauthenticated", "The request carries no acceptable identity.", "Authorization", "identity.required")
            : null;
    }
}
