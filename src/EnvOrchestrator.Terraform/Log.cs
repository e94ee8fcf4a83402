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
}
