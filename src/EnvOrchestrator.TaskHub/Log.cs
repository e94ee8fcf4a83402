using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.TaskHub;

/// <summary>EnvOrchestrator.TaskHub: event ids 1000–1099.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Durable Task worker started on task hub {TaskHub} ({PartitionCount} partitions, Azure Storage)")]
    public static partial void WorkerStarted(this ILogger logger, string taskHub, int partitionCount);

    [LoggerMessage(1002, LogLevel.Information, "Durable Task worker stopped on task hub {TaskHub} after {Elapsed}")]
    public static partial void WorkerStopped(this ILogger logger, string taskHub, TimeSpan elapsed);

    [LoggerMessage(1003, LogLevel.Error, "Activity {Activity} of {InstanceId} failed without running: its worker died on each of {Deliveries} deliveries")]
    public static partial void ActivityPoisoned(this ILogger logger, string activity, string instanceId, int deliveries);

    [LoggerMessage(1005, LogLevel.Debug, "Activity {Activity} of {InstanceId} (task {TaskId}) delivered: {Deliveries} deliveries of the invocation counted (0: a first delivery, not recorded), {QueueDeliveries} of this message")]
    public static partial void ActivityDelivered(this ILogger logger, string activity, string instanceId, int taskId, int deliveries, long queueDeliveries);

    [LoggerMessage(1004, LogLevel.Information, "Activity {Activity} of {InstanceId} stopped by shutdown; its work item goes back to the queue")]
    public static partial void ActivityAbandoned(this ILogger logger, string activity, string instanceId);
}
