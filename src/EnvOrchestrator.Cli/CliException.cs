namespace EnvOrchestrator.Cli;

/// <summary>A failure envctl explains itself: what went wrong, what to do about it, and the exit code it ends with.</summary>
internal sealed class CliException(int exitCode, string message, string? hint = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;

    public string? Hint { get; } = hint;
}
