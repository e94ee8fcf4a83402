namespace EnvOrchestrator.Core.Environments;

/// <summary>Stores the runs of environments, newest first, with the same optimistic concurrency as <see cref="IEnvironmentStore"/>.</summary>
public interface IRunStore
{
    /// <summary>Stores a new run; <see cref="StoreOutcome.AlreadyExists"/> when its id is taken.</summary>
    Task<StoreResult<RunRecord>> CreateAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>Replaces a stored run if its version is still <paramref name="expectedVersion"/>.</summary>
    Task<StoreResult<RunRecord>> SaveAsync(RunRecord run, string expectedVersion, CancellationToken cancellationToken);

    Task<RunRecord?> FindAsync(EnvironmentId environment, RunId id, CancellationToken cancellationToken);

    /// <summary>The runs of an environment, newest first, <paramref name="pageSize"/> (1–1,000) at most per page.</summary>
    Task<RecordPage<RunRecord>> ListAsync(EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the given runs of an environment (a purge or a re-create over a destroyed name); ids already gone are
    /// skipped. Returns how many were removed. Callers name the runs they listed rather than "every run", so a run
    /// that a newer incarnation of the name created meanwhile is never removed.
    /// </summary>
    Task<int> DeleteAsync(EnvironmentId environment, IReadOnlyCollection<RunId> runs, CancellationToken cancellationToken);
}
