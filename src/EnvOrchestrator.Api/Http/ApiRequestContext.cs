using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// What the group's filters established, for the handler: the caller (<see cref="ProjectAccessFilter"/>) and the
/// request body (<see cref="JsonBodyFilter"/>). Asking outside such a group is a programming error, not a bad request.
/// </summary>
internal static class ApiRequestContext
{
    public static RequestIdentity Caller(this HttpContext context) =>
        context.Features.Get<CallerFeature>()?.Identity
        ?? throw new InvalidOperationException($"No caller: the endpoint is not in a group with {nameof(ProjectAccessFilter)} (see {nameof(ApiGroups)}).");

    /// <summary>The caller when the access check established one (it has not, or refused, for filters outside it).</summary>
    public static RequestIdentity? CallerOrNull(this HttpContext context) => context.Features.Get<CallerFeature>()?.Identity;

    /// <summary>The body the endpoint declared with <c>WithJsonBody&lt;T&gt;()</c>.</summary>
    public static T Body<T>(this HttpContext context)
        where T : class =>
        context.OptionalBody<T>()
        ?? throw new InvalidOperationException($"No {typeof(T).Name} body: the endpoint does not declare it with WithJsonBody<{typeof(T).Name}>() in a group with {nameof(JsonBodyFilter)}.");

    /// <summary>The body declared with <c>WithJsonBody&lt;T&gt;(isOptional: true)</c>, or null when none was sent.</summary>
    public static T? OptionalBody<T>(this HttpContext context)
        where T : class =>
        context.Features.Get<BodyFeature>()?.Body as T;

    internal static void SetCaller(HttpContext context, RequestIdentity identity) => context.Features.Set(new CallerFeature(identity));

    internal static void SetBody(HttpContext context, object body) => context.Features.Set(new BodyFeature(body));

    private sealed record CallerFeature(RequestIdentity Identity);

    private sealed record BodyFeature(object Body);
}
