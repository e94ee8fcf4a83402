using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>Engine log messages: event ids 1000–1999.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "Instance {InstanceId} episode {Episode} committed with status {Status}")]
    public static partial void EpisodeCommitted(this ILogger logger, string instanceId, int episode, OrchestrationRuntimeStatus status);

    [LoggerMessage(1002, LogLevel.Debug, "Instance {InstanceId}: commit conflict on attempt {Attempt}; reloading")]
    public static partial void CommitConflict(this ILogger logger, string instanceId, int attempt);

    [LoggerMessage(1003, LogLevel.Warning, "Instance {InstanceId}: still conflicting after {Attempts} attempts; releasing its messages")]
    public static partial void ConflictsExhausted(this ILogger logger, string instanceId, int attempts);

    [LoggerMessage(1004, LogLevel.Warning, "Message {MessageId} on {Queue} parked as poison after {DequeueCount} deliveries: {Reason}")]
    public static partial void MessageParked(this ILogger logger, string messageId, string queue, long dequeueCount, string reason);

    [LoggerMessage(1005, LogLevel.Error, "Processing control messages for instance {InstanceId} failed; they will be redelivered")]
    public static partial void InstanceProcessingFailed(this ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(1006, LogLevel.Error, "Work item {MessageId} failed; it will be redelivered")]
    public static partial void WorkItemFailed(this ILogger logger, string messageId, Exception exception);

    [LoggerMessage(1007, LogLevel.Warning, "Lease renewal for message {MessageId} failed; retrying until the lease runs out")]
    public static partial void LeaseRenewalFailed(this ILogger logger, string messageId, Exception exception);

    [LoggerMessage(1008, LogLevel.Error, "Polling {Queue} failed")]
    public static partial void PollFailed(this ILogger logger, string queue, Exception exception);

    [LoggerMessage(1009, LogLevel.Information, "Instance {InstanceId} finished episode with {Status}")]
    public static partial void InstanceFinished(this ILogger logger, string instanceId, OrchestrationRuntimeStatus status);

    [LoggerMessage(1010, LogLevel.Information, "Durable task worker started on task hub {TaskHub} with {Partitions} control queues")]
    public static partial void WorkerStarted(this ILogger logger, string taskHub, int partitions);

    [LoggerMessage(1011, LogLevel.Debug, "Instance {InstanceId}: ignored {Count} duplicate or stale events")]
    public static partial void EventsIgnored(this ILogger logger, string instanceId, int count);

    [LoggerMessage(1030, LogLevel.Error, "The lease of message {MessageId} ran out; its activities are cancelled and it will be delivered again")]
    public static partial void LeaseLost(this ILogger logger, string messageId);
}
