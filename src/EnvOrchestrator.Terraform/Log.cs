using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Terraform;

/// <summary>Event ids 3000–3999. Never values, diagnostics text, environment or credentials: names, ids, codes, times.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Information, "terraform {Operation} run {RunId} started for state {StatePath}")]
    public static partial void RunStarted(this ILogger logger, TerraformOperation operation, string runId, string statePath);

    [LoggerMessage(3002, LogLevel.Information, "terraform {Command} of run {RunId} exited {ExitCode} after {Elapsed}")]
    public static partial void CommandFinished(this ILogger logger, string command, string runId, int exitCode, TimeSpan elapsed);

    [LoggerMessage(3003, LogLevel.Warning, "terraform {Command} of run {RunId} was stopped ({Reason}); killed after grace period: {ForcedKill}")]
    public static partial void CommandStopped(this ILogger logger, string command, string runId, string reason, bool forcedKill);

    [LoggerMessage(3004, LogLevel.Information, "terraform {Operation} run {RunId} succeeded after {Elapsed}")]
    public static partial void RunSucceeded(this ILogger logger, TerraformOperation operation, string runId, TimeSpan elapsed);

    [LoggerMessage(3005, LogLevel.Warning, "terraform {Operation} run {RunId} failed in {Command}: {Kind} after {Elapsed}")]
    public static partial void RunFailed(this ILogger logger, TerraformOperation operation, string runId, string command, TerraformFailureKind kind, TimeSpan elapsed);

    [LoggerMessage(3006, LogLevel.Warning, "terraform {Command} speaks machine-readable UI {UiVersion}; this runner understands major version {Supported}")]
    public static partial void UnsupportedUiVersion(this ILogger logger, string command, string uiVersion, int supported);

    [LoggerMessage(3007, LogLevel.Error, "An event sink threw {ExceptionType}; the event was dropped")]
    public static partial void SinkFailed(this ILogger logger, string exceptionType);

    [LoggerMessage(3008, LogLevel.Warning, "The saved plan of run {RunId} could not be inspected (terraform show failed: {Kind})")]
    public static partial void PlanInspectionFailed(this ILogger logger, string runId, TerraformFailureKind kind);

    [LoggerMessage(3009, LogLevel.Debug, "Run {RunId} waits for one of {Slots} Terraform slots")]
    public static partial void WaitingForSlot(this ILogger logger, string runId, int slots);

    [LoggerMessage(3010, LogLevel.Debug, "Run {RunId} reuses the init of module key {Key}")]
    public static partial void InitReused(this ILogger logger, string runId, string key);

    [LoggerMessage(3011, LogLevel.Warning, "Terraform:UseParentDeathSignal is on but {SetprivPath} --pdeathsig cannot run here ({Reason}): Terraform processes will outlive a crashed service until ReclaimAsync stops them")]
    public static partial void ParentDeathSignalUnavailable(this ILogger logger, string setprivPath, string reason);

    [LoggerMessage(3012, LogLevel.Warning, "terraform {Command} of run {RunId} started but could not be recorded in its run directory ({ExceptionType})")]
    public static partial void ProcessNotRecorded(this ILogger logger, string command, string runId, string exceptionType);

    [LoggerMessage(3013, LogLevel.Warning, "Run {RunId} could not save its state: Terraform left it in run directory {Directory}, kept (without inputs) for ReclaimAsync")]
    public static partial void UnsavedStateKept(this ILogger logger, string runId, string directory);

    [LoggerMessage(3014, LogLevel.Warning, "The run directory of run {RunId} could not be deleted (inputs and plan are); the next sweep tries again")]
    public static partial void RunDirectoryNotDeleted(this ILogger logger, string runId);

    [LoggerMessage(3015, LogLevel.Information, "Leftover run directory {Directory} of run {RunId}: {Disposition}; process awaited {ProcessAwaited}, killed {ProcessKilled}; unsaved state pushed {StatePushed}")]
    public static partial void LeftoverReclaimed(
        this ILogger logger, string directory, string runId, TerraformLeftoverDisposition disposition, bool processAwaited, bool processKilled, bool statePushed);

    [LoggerMessage(3016, LogLevel.Warning, "Leftover run {RunId} still runs Terraform {ElapsedSeconds:F0} s after it was reclaimed; stopping it")]
    public static partial void LeftoverProcessStopping(this ILogger logger, string runId, double elapsedSeconds);

    [LoggerMessage(3017, LogLevel.Warning, "The unsaved state of leftover run {RunId} could not be pushed: {Kind}")]
    public static partial void UnsavedStatePushFailed(this ILogger logger, string runId, TerraformFailureKind kind);
}
