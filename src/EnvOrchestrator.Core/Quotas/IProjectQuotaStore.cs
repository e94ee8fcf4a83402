using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Quotas;

/// <summary>
/// Stores each project's <see cref="ProjectQuotaRecord"/> with optimistic concurrency, like the environment store:
/// conflicts and missing records are returned, not thrown; storage faults are thrown.
/// </summary>
public interface IProjectQuotaStore
{
    Task<ProjectQuotaRecord?> FindAsync(ProjectName project, CancellationToken cancellationToken);

    /// <summary>Stores the project's first record; <see cref="StoreOutcome.AlreadyExists"/> when another writer stored one first.</summary>
    Task<StoreResult<ProjectQuotaRecord>> CreateAsync(ProjectQuotaRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the record if its version is still <paramref name="expectedVersion"/>.</summary>
    Task<StoreResult<ProjectQuotaRecord>> SaveAsync(ProjectQuotaRecord record, string expectedVersion, CancellationToken cancellationToken);
}
