namespace EnvOrchestrator.Terraform.Execution;

/// <summary>One Terraform process to run. Arguments hold only runner-made flags and paths, never user values.</summary>
/// <param name="OutputFiles">Where Terraform writes stdout and stderr (followed while it runs); null for pipes.</param>
internal sealed record CommandSpec(
    string Name,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment,
    TimeSpan Timeout,
    TimeSpan GracePeriod,
    CommandOutputFiles? OutputFiles = null);

internal enum CommandEnd
{
    /// <summary>The process exited on its own (any exit code).</summary>
    Exited,

    /// <summary>Stopped because the caller cancelled.</summary>
    Cancelled,

    /// <summary>Stopped because it ran past its timeout.</summary>
    TimedOut,

    /// <summary>The executable could not be started.</summary>
    StartFailed,
}

/// <param name="ForcedKill">True when the grace period ran out and the process group was killed.</param>
internal sealed record CommandOutcome(
    CommandEnd End,
    int ExitCode,
    int ProcessId,
    bool ForcedKill,
    string StandardError,
    TimeSpan Elapsed);
