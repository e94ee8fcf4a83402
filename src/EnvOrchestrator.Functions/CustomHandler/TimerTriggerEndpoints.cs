using System.Text.Json;
using EnvOrchestrator.Lifecycle;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>
/// The sweep's timer trigger: the Functions host runs one schedule for the whole app (its monitor keeps at most one
/// occurrence running), so under the host the sweep runs here instead of in every instance's hosted service. A failed
/// pass answers 500 through the exception handler; the next occurrence simply sweeps again.
/// </summary>
internal static partial class TimerTriggerEndpoints
{
    public static IEndpointRouteBuilder MapTimerTriggers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/" + FunctionNames.EnvironmentSweep, (HttpContext context, IEnvironmentSweeper sweeper, ILoggerFactory loggers) =>
                SweepAsync(context, sweeper, loggers.CreateLogger("EnvOrchestrator.Functions.CustomHandler"), context.RequestAborted))
            .WithName(FunctionNames.EnvironmentSweep)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> SweepAsync(HttpContext context, IEnvironmentSweeper sweeper, ILogger logger, CancellationToken cancellationToken)
    {
        JsonElement root;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Invalid("The body is not JSON: " + ex.Message);
        }

        if (TimerInvocation.TryReadIsPastDue(root, out var error) is not { } isPastDue)
        {
            return Invalid(error!);
        }

        var result = await sweeper.SweepOnceAsync(cancellationToken);
        LogSwept(logger, isPastDue, result.DestroysStarted, result.RunsResumed, result.RunsReleased);
        var line = $"{FunctionNames.EnvironmentSweep}: {result.DestroysStarted} destroys started, {result.RunsResumed} runs resumed, {result.RunsReleased} runs released";
        return TypedResults.Ok(new InvocationResponse(new Dictionary<string, object?>(), [line], null));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: $"Invalid {FunctionNames.EnvironmentSweep} invocation", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    [LoggerMessage(6203, LogLevel.Information, "Sweep (past due: {IsPastDue}): {DestroysStarted} destroys started, {RunsResumed} runs resumed, {RunsReleased} runs released")]
    private static partial void LogSwept(ILogger logger, bool isPastDue, int destroysStarted, int runsResumed, int runsReleased);
}
