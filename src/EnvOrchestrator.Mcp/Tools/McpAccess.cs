using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Mcp.Tools;

/// <summary>
/// The gate every tool passes, in the order and with the words of the HTTP API's: a valid project name, an identity
/// from <see cref="IRequestIdentity"/> for the HTTP request carrying the tool call, and the consent of
/// <see cref="IProjectAccessPolicy"/>. Refusals are <see cref="LifecycleProblem"/>s, so they reach the agent as the
/// API's problem details do.
/// </summary>
internal sealed class McpAccess(IHttpContextAccessor contexts, IRequestIdentity identities, IProjectAccessPolicy policy)
{
    private static readonly LifecycleProblem NoIdentity = new(ProblemCodes.Unauthenticated, "The request carries no acceptable identity.", "Authorization", "identity.required");

    public async Task<(RequestIdentity? Identity, LifecycleProblem? Problem)> CheckAsync(string project, ProjectAction action, CancellationToken cancellationToken)
    {
        if (ProjectName.Validate(project) is { } invalid)
        {
            return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, invalid, "project", "name.invalid"));
        }

        var identity = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return (null, NoIdentity);
        }

        var denied = await policy.DenyReasonAsync(identity, project, action, cancellationToken).ConfigureAwait(false);
        return denied is null
            ? (identity, null)
            : (null, new LifecycleProblem(ProblemCodes.Forbidden, denied, "project", "access.denied"));
    }

    /// <summary>The catalog is readable by any identified caller; with a project, by those who may read in it.</summary>
    public async Task<LifecycleProblem?> CheckCatalogAsync(string? project, CancellationToken cancellationToken)
    {
        if (project is not null)
        {
            return (await CheckAsync(project, ProjectAction.Read, cancellationToken).ConfigureAwait(false)).Problem;
        }

        return await ResolveAsync(cancellationToken).ConfigureAwait(false) is null ? NoIdentity : null;
    }

    private ValueTask<RequestIdentity?> ResolveAsync(CancellationToken cancellationToken)
    {
        // Stateless streamable HTTP: each tool call is its own HTTP request, so its headers are the caller's now.
        var context = contexts.HttpContext ?? throw new InvalidOperationException("MCP tools are called over HTTP; there is no request to take the caller from.");
        return identities.ResolveAsync(context, cancellationToken);
    }
}
