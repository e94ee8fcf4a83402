using System.Text.Json;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.Worker;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>
/// Queue-trigger invocations from the Functions host, one endpoint per function. The engine processes the message
/// with the host's pop receipt and deletes it itself once committed and dispatched; only then is the answer 200 (the
/// host's own delete afterwards finds nothing, which it ignores). Anything else is non-2xx, so the host retries.
/// </summary>
internal static partial class QueueTriggerEndpoints
{
    public static IEndpointRouteBuilder MapQueueTriggers(this IEndpointRouteBuilder endpoints, int partitionCount)
    {
        foreach (var (function, queue) in FunctionNames.QueueTriggers(partitionCount))
        {
            endpoints.MapPost("/" + function, (HttpContext context, DurableTaskEngine engine, ILoggerFactory loggers) =>
                    InvokeAsync(context, function, queue, engine, loggers.CreateLogger("EnvOrchestrator.Functions.CustomHandler"), context.RequestAborted))
                .WithName(function)
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, string function, string queue, DurableTaskEngine engine, ILogger logger, CancellationToken cancellationToken)
    {
        JsonElement root;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Invalid(function, "The body is not JSON: " + ex.Message);
        }

        if (QueueInvocation.TryRead(root, queue, out var error) is not { } delivered)
        {
            return Invalid(function, error!);
        }

        var message = await engine.Backend.AcceptDeliveredMessageAsync(delivered, cancellationToken);
        if (queue == QueueNames.WorkItems)
        {
            await engine.ProcessWorkItemAsync(message, cancellationToken);
        }
        else
        {
            await engine.ProcessControlMessagesAsync([message], cancellationToken);
        }

        if (await IsStillLeasedAsync(engine.Backend, message, cancellationToken))
        {
            // The engine logs its failures and leaves the message; the host must not delete it.
            LogNotProcessed(logger, function, message.MessageId);
            return TypedResults.Problem(
                title: "Message not processed",
                detail: $"Message {message.MessageId} was left in queue {queue}; it will be delivered again.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        LogProcessed(logger, function, message.MessageId);
        return TypedResults.Ok(new InvocationResponse(new Dictionary<string, object?>(), [$"{function}: message {message.MessageId} processed"], null));
    }

    /// <summary>
    /// True when nobody touched the message since delivery: the engine deletes a processed message and re-leases one
    /// it defers, both of which invalidate the delivered pop receipt. Touching it here makes it visible again in a
    /// second, which is the retry the host would do anyway.
    /// </summary>
    private static async Task<bool> IsStillLeasedAsync(IOrchestrationBackend backend, ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await backend.UpdateVisibilityAsync(message, TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(string function, string detail) =>
        TypedResults.Problem(title: $"Invalid {function} invocation", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    [LoggerMessage(6201, LogLevel.Debug, "{Function}: message {MessageId} processed")]
    private static partial void LogProcessed(ILogger logger, string function, string messageId);

    [LoggerMessage(6202, LogLevel.Warning, "{Function}: message {MessageId} was not processed; the host will deliver it again")]
    private static partial void LogNotProcessed(ILogger logger, string function, string messageId);
}
