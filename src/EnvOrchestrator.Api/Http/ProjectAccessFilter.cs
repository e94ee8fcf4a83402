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
    public const ProjectAction Undeclared = ProjectAction.Administer;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var metadata = http.GetEndpoint()?.Metadata;
        var action = metadata?.GetMetadata<ProjectActionMetadata>()?.Action ?? Undeclared;
        foreach (var escalation in metadata?.GetOrderedMetadata<ProjectActionQueryMetadata>() ?? [])
        {
            // Any value but an explicit false needs the stricter action: a malformed flag is refused later, never let through.
            if (http.Request.Query.TryGetValue(escalation.QueryFlag, out var flag) && !string.Equals(flag.ToString(), "false", StringComparison.OrdinalIgnoreCase))
            {
                action = escalation.Action;
            }
        }

        var project = http.GetRouteValue("project") as string
            ?? (http.Request.Query.TryGetValue("project", out var query) ? query.ToString() : null);
        var environment = http.GetRouteValue("name") as string;
        var (identity, problem) = await access.CheckAsync(http, project, environment, action, http.RequestAborted).ConfigureAwait(false);
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

/// <summary>A query flag that, when set, makes the endpoint need a stricter action (e.g. <c>?purge=true</c>).</summary>
internal sealed record ProjectActionQueryMetadata(string QueryFlag, ProjectAction Action);
