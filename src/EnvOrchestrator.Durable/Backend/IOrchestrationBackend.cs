namespace EnvOrchestrator.Durable.Backend;

/// <summary>
/// Storage of one task hub: instance partitions (state row + history episodes + outbox), queues and parked
/// poison messages. The engine owns all protocol logic (replay, dedup, dispatch); a backend only stores
/// and moves opaque strings, so the in-memory and Azure Storage implementations pass the same contract tests.
/// </summary>
/// <remarks>
/// Every member is safe to call concurrently from several workers and processes. Instance ids are arbitrary
/// strings (the engine validates length and characters); a backend escapes them for its keys.
/// </remarks>
public interface IOrchestrationBackend
{
    /// <summary>The task hub name: letters and digits, starting with a letter, 3–45 characters.</summary>
    string TaskHub { get; }

    /// <summary>Number of control queues; an instance's messages go to <see cref="QueueNames.ControlFor"/>.</summary>
    int PartitionCount { get; }

    /// <summary>Creates tables, queues and containers that are missing. Idempotent.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes everything the task hub stored (tests and tear-down).</summary>
    Task DeleteTaskHubAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads an instance. With <paramref name="includeHistory"/>, returns the history episodes of the current
    /// execution (ordered by episode number) and every outbox that was committed but not yet deleted.
    /// Returns null when the instance has no state row.
    /// </summary>
    Task<InstanceSnapshot?> ReadInstanceAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically writes the state row (insert when <see cref="InstanceCommit.ExpectedETag"/> is null, otherwise
    /// replace only if the stored ETag matches), adds the new history episode and outbox, and deletes the listed
    /// outboxes. Either all of it is stored or none of it.
    /// </summary>
    /// <returns><see cref="CommitResult.Conflict"/> when the ETag does not match or the row already exists.</returns>
    Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken);

    /// <summary>Deletes an outbox once its messages were sent. Deleting a missing outbox is not an error.</summary>
    Task DeleteOutboxAsync(string instanceId, string outboxKey, CancellationToken cancellationToken);

    /// <summary>Deletes the history rows of an execution that ContinueAsNew left behind. Idempotent.</summary>
    Task DeleteHistoryAsync(string instanceId, string executionId, CancellationToken cancellationToken);

    /// <summary>One page of instance state rows matching <paramref name="query"/>.</summary>
    Task<InstanceQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes the whole instance partition and its payload blobs. False when nothing was there.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Sends a message that stays invisible for <paramref name="visibilityDelay"/> (at most 7 days) and never expires.</summary>
    Task SendMessageAsync(string queue, string body, TimeSpan visibilityDelay, CancellationToken cancellationToken);

    /// <summary>Receives up to <paramref name="maxMessages"/> (≤ 32) visible messages and hides them for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Extends (lease renewal) or shortens (release with delay) a received message's invisibility.</summary>
    /// <returns>The message with its new pop receipt.</returns>
    Task<ReceivedMessage> UpdateVisibilityAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Deletes a received message. A message that is already gone is not an error.</summary>
    Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Turns a message delivered by another host into a <see cref="ReceivedMessage"/>, resolving whatever encoding the
    /// backend uses on the wire (an offloaded body, for example). A backend that sends bodies as they are needs nothing
    /// more than the default.
    /// </summary>
    Task<ReceivedMessage> AcceptDeliveredMessageAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.FromResult(new ReceivedMessage(message.Queue, message.MessageId, message.PopReceipt, message.MessageText, message.DequeueCount, message.InsertedOn));
    }

    /// <summary>Parks a message that failed too often, so it can be inspected and re-driven.</summary>
    Task StorePoisonMessageAsync(PoisonMessageRecord record, CancellationToken cancellationToken);

    Task<IReadOnlyList<PoisonMessageRecord>> ListPoisonMessagesAsync(CancellationToken cancellationToken);

    Task<bool> DeletePoisonMessageAsync(string id, CancellationToken cancellationToken);
}
