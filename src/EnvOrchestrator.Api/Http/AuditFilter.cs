using EnvOrchestrator.Api.Endpoints;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Records every call of a group's endpoints that asks for a change (any method but GET and HEAD) in the project's
/// audit trail once it is answered: who (and for whom), which endpoint, on which environment, and the answer (status
/// and rule), refusals included. Outermost filter, so calls the access check refuses are recorded too (without a caller name
/// when none was established).
/// </summary>
internal sealed partial class AuditFilter(AuditTrail trail, ILogger<AuditFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || http.GetRouteValue("project") is not string project)
        {
            return await next(context).ConfigureAwait(false);
        }

        object? result;
        try
        {
            result = await next(context).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await RecordAsync(http, project, StatusCodes.Status500InternalServerError, null).ConfigureAwait(false);
            throw;
        }

        var (status, rule) = Outcome(result);
        await RecordAsync(http, project, status, rule).ConfigureAwait(false);
        return result;
    }

    private static (int Status, string? Rule) Outcome(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result switch
        {
            ProblemHttpResult problem => (problem.StatusCode, problem.ProblemDetails.Extensions.TryGetValue("rule", out var rule) ? rule?.ToString() : null),
            IStatusCodeHttpResult { StatusCode: { } code } => (code, null),
            _ => (StatusCodes.Status200OK, null),
        };
    }

    // The entry is written before the answer leaves, so an acknowledged change is always in the trail. A failed write
    // is logged, not answered as an error: the change it describes has happened.
    private async Task RecordAsync(HttpContext http, string project, int status, string? rule)
    {
        var caller = http.CallerOrNull();
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var call = new AuditedCall(
            project,
            caller?.Actor ?? "unidentified",
            caller?.OnBehalfOf,
            http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Method,
            Target(http),
            rule is null ? code : code + " " + rule,
            http.GetRouteValue("run") is string run ? "run " + run : null);
        try
        {
            await trail.RecordCallAsync(call, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            AuditWriteFailed(logger, e, call.Project, call.Action, call.Target);
        }
    }

    // A create names its environment in the body, every other change in the route.
    private static string Target(HttpContext http) =>
        http.GetRouteValue("name") as string ?? http.OptionalBody<CreateEnvironmentRequest>()?.Name ?? string.Empty;

    [LoggerMessage(EventId = 8901, Level = LogLevel.Error, Message = "An audit entry could not be written: project {Project}, action {Action}, target {Target}")]
    private static partial void AuditWriteFailed(ILogger logger, Exception exception, string project, string action, string target);
}
