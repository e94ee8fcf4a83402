using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Environments.InMemory;

namespace EnvOrchestrator.Core.Quotas.InMemory;

/// <summary>An <see cref="IProjectQuotaStore"/> in a dictionary, for tests and single-process development.</summary>
public sealed class InMemoryProjectQuotaStore : IProjectQuotaStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ProjectName, ProjectQuotaRecord> _records = [];

    public Task<ProjectQuotaRecord?> FindAsync(ProjectName project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(project));
        }
    }

    public Task<StoreResult<ProjectQuotaRecord>> CreateAsync(ProjectQuotaRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (_records.ContainsKey(record.Project))
            {
                return Task.FromResult(StoreResult.Failure<ProjectQuotaRecord>(StoreOutcome.AlreadyExists));
            }

            return Task.FromResult(StoreResult.Success(_records[record.Project] = record with { Version = InMemoryVersions.Next() }));
        }
    }

    public Task<StoreResult<ProjectQuotaRecord>> SaveAsync(ProjectQuotaRecord record, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        lock (_gate)
        {
            if (!_records.TryGetValue(record.Project, out var stored))
            {
                return Task.FromResult(StoreResult.Failure<ProjectQuotaRecord>(StoreOutcome.NotFound));
            }

            if (stored.Version != expectedVersion)
            {
                return Task.FromResult(StoreResult.Failure<ProjectQuotaRecord>(StoreOutcome.VersionConflict));
            }

            return Task.FromResult(StoreResult.Success(_records[record.Project] = record with { Version = InMemoryVersions.Next() }));
        }
    }
}
