using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// What every endpoint of an API group gets without writing it: the access check, the If-Match requirement and the
/// JSON body reading, as filters on the group. Handlers start from a checked caller and a read body.
/// </summary>
internal static class ApiGroups
{
    /// <summary>
    /// Adds the filters in the order requests are refused: access first (a caller without it learns nothing about
    /// the request), then a missing If-Match (428), then the body (400, 413, 415). The audit filter wraps them all,
    /// so a refused call is recorded as well as an answered one.
    /// </summary>
    public static RouteGroupBuilder WithApiRequestFilters(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<AuditFilter>();
        group.AddEndpointFilter<ProjectAccessFilter>();
        group.AddEndpointFilter<IfMatchFilter>();
        group.AddEndpointFilter<JsonBodyFilter>();
        return group;
    }

    /// <summary>The action the access policy must allow (the strictest, <see cref="ProjectAccessFilter.Undeclared"/>, when not said).</summary>
    public static TBuilder RequiresAccess<TBuilder>(this TBuilder builder, ProjectAction action)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProjectActionMetadata(action));

    /// <summary>With the query flag <paramref name="queryFlag"/> set (anything but <c>false</c>), the endpoint needs <paramref name="action"/>.</summary>
    public static TBuilder RequiresAccessWhen<TBuilder>(this TBuilder builder, string queryFlag, ProjectAction action)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProjectActionQueryMetadata(queryFlag, action));

    /// <summary>The endpoint needs If-Match (428 without it).</summary>
    public static TBuilder RequiresIfMatch<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IfMatchRequiredMetadata());
}
