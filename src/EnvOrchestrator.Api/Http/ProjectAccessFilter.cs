using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Checks the caller of every endpoint in the group through <see cref="ProjectAccess"/> before the handler runs, and
/// hands the identity on (<see cref="ApiRequestContext.Caller"/>). The project is the route's <c>{project}</c>, else
/// the <c>project</c> query value (the catalog); the action is the endpoint's <see cref="ProjectActionMetadata"/>.
/// </summary>
internal sealed class ProjectAccessFilter(ProjectAccess access) : IEndpointFilter
{
    /// <summary>
    /// An endpoint that does not declare its action needs the strictest one: forgetting the declaration can only
    /// make an endpoint harder to call, never open it.
    /// </summary>
    public const ProjectAction Undeclared = ProjectAction.Destroy;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var action = http.GetEndpoint()?.Metadata.GetMetadata<ProjectActionMetadata>()?.Action ?? Undeclared;
        var project = http.GetRouteValue("project") as string
            ?? (http.Request.Query.TryGetValue("project", out var query) ? query.ToString() : null);
        var (identity, problem) = await access.CheckAsync(http, project, action, http.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            return Problems.From(problem!);
        }

        ApiRequestContext.SetCaller(http, identity);
        return await next(context).ConfigureAwait(false);
    }
}

/// <summary>What an endpoint does within its project, for <see cref="ProjectAccessFilter"/> (see <c>RequiresAccess</c>).</summary>
internal sealed record ProjectActionMetadata(ProjectAction Action);
