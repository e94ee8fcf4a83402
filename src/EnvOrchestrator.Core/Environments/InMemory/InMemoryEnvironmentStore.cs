using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments.InMemory;

/// <summary>
/// An <see cref="IEnvironmentStore"/> in a dictionary, for tests and single-process development. It keeps the same
/// contract as the Table Storage store (see the contract tests), including paging by continuation token.
/// </summary>
public sealed class InMemoryEnvironmentStore : IEnvironmentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<EnvironmentId, EnvironmentRecord> _environments = [];

    public Task<EnvironmentRecord?> FindAsync(EnvironmentId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return Task.FromResult(_environments.GetValueOrDefault(id));
        }
    }

    public Task<StoreResult<EnvironmentRecord>> CreateAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        lock (_gate)
        {
            if (_environments.ContainsKey(environment.Id))
            {
                return Task.FromResult(StoreResult.Failure<EnvironmentRecord>(StoreOutcome.AlreadyExists));
            }

            var stored = environment with { Version = InMemoryVersions.Next() };
            _environments.Add(environment.Id, stored);
            return Task.FromResult(StoreResult.Success(stored));
        }
    }

    public Task<StoreResult<EnvironmentRecord>> SaveAsync(EnvironmentRecord environment, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        lock (_gate)
        {
            if (!_environments.TryGetValue(environment.Id, out var current))
            {
                return Task.FromResult(StoreResult.Failure<EnvironmentRecord>(StoreOutcome.NotFound));
            }

            if (current.Version != expectedVersion)
            {
                return Task.FromResult(StoreResult.Failure<EnvironmentRecord>(StoreOutcome.VersionConflict));
            }

            var stored = environment with { Version = InMemoryVersions.Next() };
            _environments[environment.Id] = stored;
            return Task.FromResult(StoreResult.Success(stored));
        }
    }

    public Task<RecordPage<EnvironmentRecord>> ListAsync(ProjectName project, EnvironmentFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(filter);
        Paging.ThrowIfInvalid(pageSize);
        lock (_gate)
        {
            // The token is the last name returned; names sort ordinally, as table row keys do.
            var matches = _environments.Values
                .Where(e => e.Id.Project == project && filter.Matches(e))
                .Where(e => continuationToken is null || string.CompareOrdinal(e.Id.Name.Value, continuationToken) > 0)
                .OrderBy(e => e.Id.Name.Value, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .ToList();
            var page = matches.Take(pageSize).ToImmutableArray();
            var next = matches.Count > pageSize ? page[^1].Id.Name.Value : null;
            return Task.FromResult(new RecordPage<EnvironmentRecord>(page, next));
        }
    }

    public Task<StoreOutcome> DeleteAsync(EnvironmentId id, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (!_environments.TryGetValue(id, out var current))
            {
                return Task.FromResult(StoreOutcome.NotFound);
            }

            if (expectedVersion is not null && current.Version != expectedVersion)
            {
                return Task.FromResult(StoreOutcome.VersionConflict);
            }

            _environments.Remove(id);
            return Task.FromResult(StoreOutcome.Succeeded);
        }
    }

    public Task<RecordPage<EnvironmentId>> FindDestroyedAsync(DateTimeOffset destroyedBefore, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        Paging.ThrowIfInvalid(pageSize);
        lock (_gate)
        {
            // The token is the last "{project}|{name}" returned, in the (project, name) order of table keys.
            var matches = _environments.Values
                .Where(e => e.Status == EnvironmentStatus.Destroyed && e.UpdatedAt < destroyedBefore)
                .Select(e => (e.Id, Key: e.Id.Project.Value + "|" + e.Id.Name.Value))
                .Where(e => continuationToken is null || string.CompareOrdinal(e.Key, continuationToken) > 0)
                .OrderBy(e => e.Key, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .ToList();
            var page = matches.Take(pageSize).Select(e => e.Id).ToImmutableArray();
            return Task.FromResult(new RecordPage<EnvironmentId>(page, matches.Count > pageSize ? matches[pageSize - 1].Key : null));
        }
    }

    public Task<RecordPage<EnvironmentRecord>> FindByTemplateAsync(string templateName, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(templateName);
        Paging.ThrowIfInvalid(pageSize);
        lock (_gate)
        {
            // The token is the last "{project}|{name}" returned, in the (project, name) order of table keys.
            var matches = _environments.Values
                .Where(e => e.Template.Name == templateName && e.Status != EnvironmentStatus.Destroyed)
                .Select(e => (Record: e, Key: e.Id.Project.Value + "|" + e.Id.Name.Value))
                .Where(e => continuationToken is null || string.CompareOrdinal(e.Key, continuationToken) > 0)
                .OrderBy(e => e.Key, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .ToList();
            var page = matches.Take(pageSize).Select(e => e.Record).ToImmutableArray();
            return Task.FromResult(new RecordPage<EnvironmentRecord>(page, matches.Count > pageSize ? matches[pageSize - 1].Key : null));
        }
    }

    public Task<ImmutableArray<ExpiringEnvironment>> FindExpiringAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            var due = _environments.Values
                .Where(e => e.ExpiresAt < before && EnvironmentStatusMachine.MayHoldResources(e.Status))
                .OrderBy(e => e.ExpiresAt)
                .ThenBy(e => e.Id.Project.Value, StringComparer.Ordinal)
                .ThenBy(e => e.Id.Name.Value, StringComparer.Ordinal)
                .Take(limit)
                .Select(e => new ExpiringEnvironment(e.Id, e.ExpiresAt!.Value))
                .ToImmutableArray();
            return Task.FromResult(due);
        }
    }
}
