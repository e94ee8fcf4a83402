using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>
/// Wraps a backend so that every message is delivered twice (the copy a little later, so deliveries reorder),
/// and every control message bound to an execution also arrives once more addressed to a stale execution.
/// </summary>
internal sealed class ChaosBackend(IOrchestrationBackend inner) : IOrchestrationBackend
{
    private int _sent;

    public string TaskHub => inner.TaskHub;

    public int PartitionCount => inner.PartitionCount;

    public async Task SendMessageAsync(string queue, string body, TimeSpan visibilityDelay, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _sent);
        var jitter = TimeSpan.FromMilliseconds(n % 3 * 40);
        await inner.SendMessageAsync(queue, body, visibilityDelay + jitter, cancellationToken).ConfigureAwait(false);
        await inner.SendMessageAsync(queue, body, visibilityDelay, cancellationToken).ConfigureAwait(false);
        if (queue != QueueNames.WorkItems && MessageCodec.DecodeControl(body) is { ExecutionId: not null } control &&
            control.Events.All(e => e.Kind != HistoryEventKind.ExecutionStarted))
        {
            var stale = control with { ExecutionId = "stale" + control.ExecutionId };
            await inner.SendMessageAsync(queue, MessageCodec.Encode(stale), visibilityDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => inner.CreateIfNotExistsAsync(cancellationToken);

    public Task DeleteTaskHubAsync(CancellationToken cancellationToken) => inner.DeleteTaskHubAsync(cancellationToken);

    public Task<InstanceSnapshot?> ReadInstanceAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken) =>
        inner.ReadInstanceAsync(instanceId, includeHistory, cancellationToken);

    public Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken) => inner.CommitAsync(commit, cancellationToken);

    public Task DeleteOutboxAsync(string instanceId, string outboxKey, CancellationToken cancellationToken) =>
        inner.DeleteOutboxAsync(instanceId, outboxKey, cancellationToken);

    public Task DeleteHistoryAsync(string instanceId, string executionId, CancellationToken cancellationToken) =>
        inner.DeleteHistoryAsync(instanceId, executionId, cancellationToken);

    public Task<InstanceQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        inner.QueryInstancesAsync(query, cancellationToken);

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken) => inner.PurgeInstanceAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        inner.ReceiveMessagesAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

    public Task<ReceivedMessage> UpdateVisibilityAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        inner.UpdateVisibilityAsync(message, visibilityTimeout, cancellationToken);

    public Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken) => inner.DeleteMessageAsync(message, cancellationToken);

    public Task StorePoisonMessageAsync(PoisonMessageRecord record, CancellationToken cancellationToken) => inner.StorePoisonMessageAsync(record, cancellationToken);

    public Task<IReadOnlyList<PoisonMessageRecord>> ListPoisonMessagesAsync(CancellationToken cancellationToken) => inner.ListPoisonMessagesAsync(cancellationToken);

    public Task<bool> DeletePoisonMessageAsync(string id, CancellationToken cancellationToken) => inner.DeletePoisonMessageAsync(id, cancellationToken);
}
