namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The logs of run steps, append-only so they can be followed while a step runs: a reader keeps
/// <see cref="LogChunk.NextOffset"/> and asks again from there. Offsets are UTF-8 byte positions and always fall on a
/// line boundary.
/// </summary>
public interface IStepLogStore
{
    /// <summary>Appends lines (a line holding line breaks becomes several lines). Appending nothing is allowed and creates nothing.</summary>
    Task AppendAsync(StepLogId log, IReadOnlyList<string> lines, CancellationToken cancellationToken);

    /// <summary>The whole lines from <paramref name="offset"/> on (up to <see cref="StepLogFormat.MaxChunkBytes"/>); empty for a log not written yet.</summary>
    Task<LogChunk> ReadAsync(StepLogId log, long offset, CancellationToken cancellationToken);

    /// <summary>Removes every step log of one run (a purge or a re-create over a destroyed name); nothing to remove is fine.</summary>
    Task DeleteRunAsync(EnvironmentId environment, RunId run, CancellationToken cancellationToken);
}
