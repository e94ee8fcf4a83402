using System.Globalization;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// Runs the activities of one work item (at least once): lease, run concurrently, send all results in one
/// control message, then delete the work item. A redelivered result is ignored by its dedup key.
/// </summary>
internal sealed class WorkItemProcessor(
    IOrchestrationBackend backend,
    DurableTaskRegistry registry,
    IServiceProvider services,
    MessageDispatcher dispatcher,
    EngineMetrics metrics,
    DurableTaskWorkerOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    public const string ActivityNotFound = "ActivityNotFound";
    private readonly SemaphoreSlim _throttle = new(options.MaxConcurrentActivities, options.MaxConcurrentActivities);

    public void Dispose() => _throttle.Dispose();

    public async Task ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var item = MessageCodec.DecodeWorkItem(message.Body);
        if (item is null || message.DequeueCount > options.MaxWorkItemDequeueCount)
        {
            await ParkAsync(message, item, cancellationToken).ConfigureAwait(false);
            return;
        }

        var lease = new LeaseKeeper(backend, message, options.WorkItemVisibilityTimeout, time, logger);
        await using (lease.ConfigureAwait(false))
        {
            // A lost lease stops the activities like a shutdown does: nothing is reported, the next delivery runs them.
            using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            var results = await Task.WhenAll(item.Activities.Select(a => RunAsync(item, a, running.Token))).ConfigureAwait(false);
            running.Token.ThrowIfCancellationRequested();
            options.FaultInjector?.Invoke(ProtocolStep.ActivityAfterRun);
            await SendResultsAsync(item, results, cancellationToken).ConfigureAwait(false);
            options.FaultInjector?.Invoke(ProtocolStep.ActivityAfterResultSend);
            var latest = await lease.StopAsync().ConfigureAwait(false);
            await backend.DeleteMessageAsync(latest, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ParkAsync(ReceivedMessage message, WorkItemMessage? item, CancellationToken cancellationToken)
    {
        var reason = item is null ? "The message is not a valid work item." : $"Delivered {message.DequeueCount} times without completing.";
        metrics.Poisoned();
        logger.MessageParked(message.MessageId, message.Queue, message.DequeueCount, reason);
        await backend.StorePoisonMessageAsync(
            new PoisonMessageRecord(message.Queue + "-" + message.MessageId, message.Queue, message.Body, message.DequeueCount, time.GetUtcNow(), item?.InstanceId, reason),
            cancellationToken).ConfigureAwait(false);
        if (item is not null)
        {
            // The orchestration sees an ordinary task failure it can catch or retry, instead of waiting forever.
            var failure = new TaskFailureDetails("PoisonMessage", $"The activity's work item was parked as poison: {reason}", null, null);
            await SendResultsAsync(item, item.Activities.Select(a => Failed(item, a, failure)).ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await backend.DeleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HistoryEvent> RunAsync(WorkItemMessage item, ActivityInvocation invocation, CancellationToken cancellationToken)
    {
        await _throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var activity = registry.CreateActivity(invocation.Name, services);
            if (activity is null)
            {
                return Failed(item, invocation, new TaskFailureDetails(
                    ActivityNotFound, $"No activity named '{invocation.Name}' is registered with this worker.", null, null));
            }

            var key = string.Create(CultureInfo.InvariantCulture, $"{item.InstanceId}:{item.ExecutionId}:{invocation.TaskId}");
            var context = new ActivityContext(invocation.Name, item.InstanceId, key, cancellationToken);
            var output = await Task.Run(
                async () =>
                {
                    var input = JsonPayload.Deserialize(invocation.Input, activity.InputType);
                    var result = await activity.RunAsync(context, input).ConfigureAwait(false);
                    return JsonPayload.Serialize(result);
                },
                cancellationToken).ConfigureAwait(false);
            metrics.ActivityRan();
            return new HistoryEvent(HistoryEventKind.TaskCompleted)
            {
                TaskId = invocation.TaskId,
                Payload = output,
                DedupKey = DedupKeys.Task(item.ExecutionId, invocation.TaskId),
            };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(item, invocation, TaskFailureDetails.FromException(ex));
        }
        finally
        {
            _throttle.Release();
        }
    }

    private static HistoryEvent Failed(WorkItemMessage item, ActivityInvocation invocation, TaskFailureDetails failure) =>
        new(HistoryEventKind.TaskFailed)
        {
            TaskId = invocation.TaskId,
            Failure = failure,
            DedupKey = DedupKeys.Task(item.ExecutionId, invocation.TaskId),
        };

    private async Task SendResultsAsync(WorkItemMessage item, IReadOnlyList<HistoryEvent> results, CancellationToken cancellationToken)
    {
        var messages = new List<OutboundMessage>();
        var batch = new List<HistoryEvent>();
        var chars = 0;
        foreach (var result in results)
        {
            var size = (result.Payload?.Length ?? 0) + (result.Failure?.ErrorMessage.Length ?? 0) + (result.Failure?.StackTrace?.Length ?? 0) + 64;
            if (batch.Count > 0 && chars + size > MessageCodec.MaxBatchChars)
            {
                messages.Add(Outbound.Control(new ControlMessage(item.InstanceId, item.ExecutionId, batch), backend.PartitionCount, TimeSpan.Zero));
                batch = [];
                chars = 0;
            }

            batch.Add(result);
            chars += size;
        }

        if (batch.Count > 0)
        {
            messages.Add(Outbound.Control(new ControlMessage(item.InstanceId, item.ExecutionId, batch), backend.PartitionCount, TimeSpan.Zero));
        }

        await dispatcher.SendAsync(messages, false, cancellationToken).ConfigureAwait(false);
    }
}
