using EnvOrchestrator.Durable.History;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Replay;

/// <summary>
/// Runs one episode: re-executes the orchestration code over recorded history (replaying), then over the new
/// events, on a private single-threaded synchronization context. Pure with respect to storage.
/// </summary>
internal static class OrchestrationExecutor
{
    public const string NonDeterminismErrorType = "NonDeterministicOrchestration";

    public static ExecutionOutcome Execute(
        ITaskOrchestrator orchestrator,
        string instanceId,
        string executionId,
        IReadOnlyList<HistoryEvent> recorded,
        IReadOnlyList<HistoryEvent> newEvents,
        ILoggerFactory loggerFactory)
    {
        var started = recorded.Concat(newEvents).FirstOrDefault(e => e.Kind == HistoryEventKind.ExecutionStarted)
            ?? throw new InvalidOperationException("History has no ExecutionStarted event.");
        var context = new ReplayOrchestrationContext(
            started.Name ?? string.Empty, instanceId, executionId, started.Parent, started.Payload, null, recorded, loggerFactory);
        var scheduler = new ReplaySynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(scheduler);
        Task<object?>? run = null;
        var all = recorded.Concat(newEvents).ToList();
        var index = 0;
        try
        {
            for (; index < all.Count; index++)
            {
                var e = all[index];
                context.Replaying = index < recorded.Count;
                if (e.Kind == HistoryEventKind.ExecutionStarted)
                {
                    run = Start(orchestrator, context, e.Payload);
                }
                else
                {
                    context.Apply(e);
                }

                scheduler.RunPending();
                if (context.NonDeterminismError is not null || run is { IsCompleted: true })
                {
                    index++;
                    break;
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        var outcome = Conclude(context, run);
        if (outcome.ContinueAsNew is { PreserveUnprocessedEvents: true } next)
        {
            // Events of this episode the code never got to look at belong to the next execution too.
            var unread = all.Skip(index).Where(e => e.Kind == HistoryEventKind.EventRaised);
            outcome = outcome with { ContinueAsNew = next with { CarriedEvents = [.. next.CarriedEvents, .. unread] } };
        }

        return outcome;
    }

    private static Task<object?> Start(ITaskOrchestrator orchestrator, ReplayOrchestrationContext context, string? input)
    {
        try
        {
            return orchestrator.RunAsync(context, JsonPayload.Deserialize(input, orchestrator.InputType));
        }
        catch (Exception ex)
        {
            return Task.FromException<object?>(ex);
        }
    }

    private static ExecutionOutcome Conclude(ReplayOrchestrationContext context, Task<object?>? run)
    {
        if (context.NonDeterminismError is { } error)
        {
            return Ended(context, OrchestrationRuntimeStatus.Failed, null,
                new TaskFailureDetails(NonDeterminismErrorType, error, null, null));
        }

        if (run is null || !run.IsCompleted)
        {
            return new ExecutionOutcome(context.Actions, null, null, null, null, context.CustomStatus, context.IsSuspended);
        }

        if (run.IsFaulted)
        {
            var exception = run.Exception!.InnerExceptions.Count == 1 ? run.Exception.InnerException! : run.Exception;
            return Ended(context, OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(exception));
        }

        if (run.IsCanceled)
        {
            return Ended(context, OrchestrationRuntimeStatus.Failed, null,
                new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestration was cancelled.", null, null));
        }

        if (context.ContinueAsNewRequest is { } next)
        {
            return new ExecutionOutcome(context.Actions, null, null, null, next, context.CustomStatus, false);
        }

        string? output;
        try
        {
            // The task has completed successfully (checked above): this reads its value, it never blocks.
            output = JsonPayload.Serialize(run.GetAwaiter().GetResult());
        }
        catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException)
        {
            return Ended(context, OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
        }

        return Ended(context, OrchestrationRuntimeStatus.Completed, output, null);
    }

    private static ExecutionOutcome Ended(ReplayOrchestrationContext context, OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure) =>
        new(context.Actions, status, output, failure, null, context.CustomStatus, false);
}
