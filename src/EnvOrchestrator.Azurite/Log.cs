using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Azurite;

/// <summary>Event ids 100–199.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "Installing Azurite with npm in {ToolRoot}")]
    public static partial void Installing(ILogger logger, string toolRoot);

    [LoggerMessage(101, LogLevel.Information, "Azurite started (pid {ProcessId}) on blob {BlobPort}, queue {QueuePort}, table {TablePort}")]
    public static partial void Started(ILogger logger, int processId, int blobPort, int queuePort, int tablePort);

    [LoggerMessage(102, LogLevel.Warning, "Azurite did not start on its ports (attempt {Attempt}); retrying")]
    public static partial void StartRetry(ILogger logger, int attempt);

    [LoggerMessage(103, LogLevel.Information, "Azurite already answers on {TablePort}; using it")]
    public static partial void AlreadyRunning(ILogger logger, int tablePort);
}
