using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>Event ids 2600–2699 (the Azure Storage backend of the durable engine).</summary>
internal static partial class Log
{
    [LoggerMessage(2600, LogLevel.Information, "Task hub {TaskHub} storage is ready ({PartitionCount} control queues)")]
    public static partial void HubReady(ILogger logger, string taskHub, int partitionCount);

    [LoggerMessage(2601, LogLevel.Debug, "Commit for an instance lost the race (HTTP {Status}, action {ActionIndex})")]
    public static partial void CommitConflict(ILogger logger, int status, int? actionIndex);

    [LoggerMessage(2602, LogLevel.Warning, "Could not delete {Count} payload blobs; they stay until the instance is purged")]
    public static partial void PayloadDeleteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(2603, LogLevel.Debug, "Offloaded {Count} payloads to blobs before a commit")]
    public static partial void PayloadsOffloaded(ILogger logger, int count);

    [LoggerMessage(2604, LogLevel.Information, "Purged instance partition: {Rows} rows, {Blobs} blobs")]
    public static partial void Purged(ILogger logger, int rows, int blobs);

    [LoggerMessage(2605, LogLevel.Information, "Deleted task hub {TaskHub}")]
    public static partial void HubDeleted(ILogger logger, string taskHub);

    [LoggerMessage(2606, LogLevel.Warning, "Message {MessageId} in queue {Queue} could not be decoded; passing its raw text on")]
    public static partial void UnreadableMessage(ILogger logger, string queue, string messageId, Exception exception);

    [LoggerMessage(2607, LogLevel.Information, "Deleted {Deleted} orphan payload blobs older than {OlderThan} ({Examined} blobs examined)")]
    public static partial void OrphanPayloadsDeleted(ILogger logger, int deleted, int examined, TimeSpan olderThan);

    [LoggerMessage(2608, LogLevel.Debug, "Orphan payload sweep examined {Examined} blobs and found no orphan")]
    public static partial void NoOrphanPayloads(ILogger logger, int examined);

    [LoggerMessage(2609, LogLevel.Warning, "Orphan payload sweep failed; the next pass tries again")]
    public static partial void OrphanPayloadSweepFailed(ILogger logger, Exception exception);
}
