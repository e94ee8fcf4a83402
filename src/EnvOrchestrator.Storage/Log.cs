using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Storage;

/// <summary>Source-generated log messages of the environment storage: event ids 5000–5999.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Environment storage ready (tables and containers exist; environments table {Table})")]
    public static partial void StorageEnsured(this ILogger logger, string table);

    [LoggerMessage(5002, LogLevel.Debug, "Removed a stale expiry index entry for {EnvironmentId} (bucket {Bucket})")]
    public static partial void StaleExpiryEntryRemoved(this ILogger logger, string environmentId, string bucket);

    [LoggerMessage(5003, LogLevel.Warning, "Could not remove the old expiry index entry of {EnvironmentId}; the expiry query will drop it (status {Status})")]
    public static partial void ExpiryEntryCleanupFailed(this ILogger logger, string environmentId, int status);

    [LoggerMessage(5004, LogLevel.Debug, "Stored a {Length}-character document in blob {BlobName}, too large for a table property")]
    public static partial void PayloadOffloaded(this ILogger logger, int length, string blobName);

    [LoggerMessage(5005, LogLevel.Warning, "Could not delete the unused payload blob {BlobName} (status {Status})")]
    public static partial void PayloadCleanupFailed(this ILogger logger, string blobName, int status);

    [LoggerMessage(5006, LogLevel.Information, "Purged {Count} expired idempotency keys")]
    public static partial void IdempotencyPurged(this ILogger logger, int count);

    [LoggerMessage(5007, LogLevel.Warning, "Removed an unreadable active-run index entry (partition {Partition}, row {Row})")]
    public static partial void UnreadableActiveRunRemoved(this ILogger logger, string partition, string row);
}
