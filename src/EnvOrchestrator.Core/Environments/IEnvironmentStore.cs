using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// Stores environments with optimistic concurrency: every stored record carries a <see cref="EnvironmentRecord.Version"/>,
/// and a save must name the version it read. Conflicts and missing records are returned, not thrown; storage
/// faults are thrown.
/// </summary>
public interface IEnvironmentStore
{
    Task<EnvironmentRecord?> FindAsync(EnvironmentId id, CancellationToken cancellationToken);

    /// <summary>Stores a new environment; <see cref="StoreOutcome.AlreadyExists"/> when the project already has one of that name.</summary>
    Task<StoreResult<EnvironmentRecord>> CreateAsync(EnvironmentRecord environment, CancellationToken cancellationToken);

    /// <summary>Replaces a stored environment if its version is still <paramref name="expectedVersion"/>.</summary>
    Task<StoreResult<EnvironmentRecord>> SaveAsync(EnvironmentRecord environment, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>A project's environments in name order, <paramref name="pageSize"/> (1–1,000) at most per page.</summary>
    Task<RecordPage<EnvironmentRecord>> ListAsync(ProjectName project, EnvironmentFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Removes an environment record for good (a purge, after it was destroyed); any version when <paramref name="expectedVersion"/> is null.</summary>
    Task<StoreOutcome> DeleteAsync(EnvironmentId id, string? expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Environments of every project that are <see cref="EnvironmentStatus.Destroyed"/> and were last changed (that
    /// is, destroyed) before <paramref name="destroyedBefore"/>, <paramref name="pageSize"/> (1–1,000) at most per page,
    /// for the retention purge. It may scan the whole store: call it from a periodic job, not per request.
    /// </summary>
    Task<RecordPage<EnvironmentId>> FindDestroyedAsync(DateTimeOffset destroyedBefore, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// Environments of every project made from environment template <paramref name="templateName"/> (any version) that are
    /// not <see cref="EnvironmentStatus.Destroyed"/>, in (project, name) order, <paramref name="pageSize"/> (1–1,000) at
    /// most per page: who still uses a version about to go. It may scan the whole store: for administrators, not per request.
    /// </summary>
    Task<RecordPage<EnvironmentRecord>> FindByTemplateAsync(string templateName, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// Environments not yet <see cref="EnvironmentStatus.Destroyed"/> whose expiry is earlier than <paramref name="before"/>,
    /// earliest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<ImmutableArray<ExpiringEnvironment>> FindExpiringAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);
}
