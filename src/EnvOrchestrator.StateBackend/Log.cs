using EnvOrchestrator.Core.TerraformState;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.StateBackend;

/// <summary>Event ids 4000–4999. Addresses and lock ids only: never state content, lock info or credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Information, "State {Address} registered")]
    public static partial void Registered(this ILogger logger, TerraformStateAddress address);

    [LoggerMessage(4002, LogLevel.Debug, "State {Address} locked by {LockId}")]
    public static partial void Locked(this ILogger logger, TerraformStateAddress address, string lockId);

    [LoggerMessage(4003, LogLevel.Information, "State {Address} lock requested by {LockId} is held by {HolderId}")]
    public static partial void LockHeld(this ILogger logger, TerraformStateAddress address, string lockId, string holderId);

    [LoggerMessage(4004, LogLevel.Debug, "State {Address} unlocked ({Outcome})")]
    public static partial void Unlocked(this ILogger logger, TerraformStateAddress address, string outcome);

    [LoggerMessage(4005, LogLevel.Warning, "State {Address} lock {LockId} force-released ({Reason})")]
    public static partial void LockForceReleased(this ILogger logger, TerraformStateAddress address, string lockId, string reason);

    [LoggerMessage(4006, LogLevel.Information, "State {Address} written as version {Version} ({Bytes} bytes)")]
    public static partial void Written(this ILogger logger, TerraformStateAddress address, long version, int bytes);

    [LoggerMessage(4007, LogLevel.Warning, "State {Address} write rejected: lock id does not match the holder")]
    public static partial void WriteRejected(this ILogger logger, TerraformStateAddress address);

    [LoggerMessage(4008, LogLevel.Warning, "State request for {Path} rejected: {Reason}")]
    public static partial void Unauthorized(this ILogger logger, string path, string reason);

    [LoggerMessage(4009, LogLevel.Warning, "State {Address} body rejected: larger than {MaxBytes} bytes")]
    public static partial void TooLarge(this ILogger logger, TerraformStateAddress address, long maxBytes);

    [LoggerMessage(4010, LogLevel.Information, "State {Address} deleted")]
    public static partial void Deleted(this ILogger logger, TerraformStateAddress address);

    [LoggerMessage(4011, LogLevel.Error, "Stale-lock sweep failed")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    // Storage failures are logged by their concise message only: the SDK's exception text carries every header.
    [LoggerMessage(4012, LogLevel.Warning, "State request {Method} {Path} answered 503 (transient, Terraform retries): {Failure}")]
    public static partial void StorageUnavailable(this ILogger logger, string method, string path, string failure);

    [LoggerMessage(4013, LogLevel.Error, "State request {Method} {Path} answered 500: {Failure}")]
    public static partial void StorageFailed(this ILogger logger, string method, string path, string failure);

    [LoggerMessage(4014, LogLevel.Warning, "Stale-lock sweep failed: {Failure}")]
    public static partial void SweepStorageFailed(this ILogger logger, string failure);
}
