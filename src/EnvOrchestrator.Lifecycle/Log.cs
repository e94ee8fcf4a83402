using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Notifications;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Lifecycle;

/// <summary>Lifecycle log messages, event ids 7000–7999. Ids and statuses only: never inputs, outputs or state.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "Run {RunId} ({Kind}) of {Project}/{Name} started as {InstanceId}")]
    public static partial void RunStarted(this ILogger logger, string runId, RunKind kind, string project, string name, string instanceId);

    [LoggerMessage(7002, LogLevel.Information, "Run {RunId} of {Project}/{Name} finished {Status}")]
    public static partial void RunCompleted(this ILogger logger, string runId, string project, string name, RunStatus status);

    [LoggerMessage(7003, LogLevel.Information, "Resource {Resource} of {Project}/{Name}: {Action} {Outcome}")]
    public static partial void StepFinished(this ILogger logger, string resource, string project, string name, string action, string outcome);

    [LoggerMessage(7004, LogLevel.Warning, "Resource {Resource} of {Project}/{Name} failed: {ErrorType}")]
    public static partial void StepFailed(this ILogger logger, string resource, string project, string name, string errorType);

    [LoggerMessage(7005, LogLevel.Information, "Notification {Kind} for {Project}/{Name} (expires {ExpiresAt:O})")]
    public static partial void Notified(this ILogger logger, EnvironmentNotificationKind kind, string project, string name, DateTimeOffset expiresAt);

    [LoggerMessage(7006, LogLevel.Information, "Expiry sweep started destroying {Project}/{Name}")]
    public static partial void SweepDestroyStarted(this ILogger logger, string project, string name);

    [LoggerMessage(7007, LogLevel.Warning, "Sweep failed")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(7008, LogLevel.Warning, "Run {RunId} of {Project}/{Name} has no live orchestration; marked failed")]
    public static partial void OrphanedRun(this ILogger logger, string runId, string project, string name);

    [LoggerMessage(7009, LogLevel.Warning, "Released the state lock of {Resource} in {Project}/{Name} after Terraform was killed")]
    public static partial void LockReleased(this ILogger logger, string resource, string project, string name);

    [LoggerMessage(7010, LogLevel.Information, "Cancel requested for run {RunId} of {Project}/{Name}")]
    public static partial void CancelRequested(this ILogger logger, string runId, string project, string name);

    [LoggerMessage(7011, LogLevel.Warning, "Run {RunId} ({Kind}) of {Project}/{Name} had no orchestration; started it again as {InstanceId}")]
    public static partial void RunResumed(this ILogger logger, string runId, RunKind kind, string project, string name, string instanceId);

    [LoggerMessage(7012, LogLevel.Warning, "Released the state lock {LockId} of {Resource} in {Project}/{Name}: an earlier attempt of the step was interrupted")]
    public static partial void InterruptedStepLockReleased(this ILogger logger, string resource, string project, string name, string lockId);

    [LoggerMessage(7051, LogLevel.Information, "Purged destroyed environment {Project}/{Name} with its runs and logs")]
    public static partial void EnvironmentPurged(this ILogger logger, string project, string name);

    [LoggerMessage(7052, LogLevel.Information, "Replaced destroyed environment {Project}/{Name} by a new one of the same name")]
    public static partial void DestroyedNameReused(this ILogger logger, string project, string name);

    [LoggerMessage(7053, LogLevel.Information, "Retention sweep purged {Environments} destroyed environments and {Keys} expired idempotency keys")]
    public static partial void RetentionSwept(this ILogger logger, int environments, int keys);

    [LoggerMessage(7054, LogLevel.Warning, "{Count} advisory policy results of an extension of {Project}/{Name} could not be recorded on its latest run")]
    public static partial void AdviceNotRecorded(this ILogger logger, string project, string name, int count);

    [LoggerMessage(7055, LogLevel.Warning, "Orchestration {InstanceId} was not purged: it is still {Status}")]
    public static partial void InstanceNotPurged(this ILogger logger, string instanceId, string status);

    [LoggerMessage(7013, LogLevel.Warning, "Resource {Resource} of {Project}/{Name}: run folder of the interrupted attempt {RunId} {Disposition} (its Terraform awaited: {Awaited}, unsaved state pushed: {StatePushed})")]
    public static partial void LeftoverRunReclaimed(this ILogger logger, string resource, string project, string name, string runId, string disposition, bool awaited, bool statePushed);

    [LoggerMessage(7056, LogLevel.Information, "Approval of the {Subject} of {Project}/{Name} requested by {RequestedBy}")]
    public static partial void ApprovalRequested(this ILogger logger, string project, string name, Core.Approvals.ApprovalSubject subject, string requestedBy);

    [LoggerMessage(7057, LogLevel.Information, "Approval of the {Subject} of {Project}/{Name}: {Outcome} by {DecidedBy}")]
    public static partial void ApprovalDecided(this ILogger logger, string project, string name, Core.Approvals.ApprovalSubject subject, Core.Approvals.ApprovalOutcome outcome, string decidedBy);

    [LoggerMessage(7058, LogLevel.Information, "Outputs of {Project}/{Name} revealed in clear to {Caller}")]
    public static partial void OutputsRevealed(this ILogger logger, string project, string name, string caller);

    [LoggerMessage(7059, LogLevel.Error, "Event {Type} of {Project}/{Name} ({EventId}) could not be published; subscribers will not get it")]
    public static partial void EventNotPublished(this ILogger logger, Exception exception, string type, string project, string name, string eventId);
}
