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

    /// <summary>Removes every run of an environment (a purge); returns how many were removed.</summary>
    Task<int> DeleteAllAsync(EnvironmentId environment, CancellationToken cancellationToken);
}
