using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments.InMemory;

/// <summary>An <see cref="IRunStore"/> in a dictionary, for tests and single-process development.</summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<EnvironmentId, SortedDictionary<string, RunRecord>> _runs = [];

    public Task<StoreResult<RunRecord>> CreateAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            if (!_runs.TryGetValue(run.Environment, out var runs))
            {
                runs = new SortedDictionary<string, RunRecord>(StringComparer.Ordinal);
                _runs.Add(run.Environment, runs);
            }

            if (runs.ContainsKey(run.Id.Value))
            {
                return Task.FromResult(StoreResult.Failure<RunRecord>(StoreOutcome.AlreadyExists));
            }

            var stored = run with { Version = InMemoryVersions.Next() };
            runs.Add(run.Id.Value, stored);
            return Task.FromResult(StoreResult.Success(stored));
        }
    }

    public Task<StoreResult<RunRecord>> SaveAsync(RunRecord run, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        lock (_gate)
        {
            if (!_runs.TryGetValue(run.Environment, out var runs) || !runs.TryGetValue(run.Id.Value, out var current))
            {
                return Task.FromResult(StoreResult.Failure<RunRecord>(StoreOutcome.NotFound));
            }

            if (current.Version != expectedVersion)
            {
                return Task.FromResult(StoreResult.Failure<RunRecord>(StoreOutcome.VersionConflict));
            }

            var stored = run with { Version = InMemoryVersions.Next() };
            runs[run.Id.Value] = stored;
            return Task.FromResult(StoreResult.Success(stored));
        }
    }

    public Task<RunRecord?> FindAsync(EnvironmentId environment, RunId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return Task.FromResult(_runs.TryGetValue(environment, out var runs) ? runs.GetValueOrDefault(id.Value) : null);
        }
    }

    public Task<RecordPage<RunRecord>> ListAsync(EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Paging.ThrowIfInvalid(pageSize);
        lock (_gate)
        {
            if (!_runs.TryGetValue(environment, out var runs))
            {
                return Task.FromResult(new RecordPage<RunRecord>([], null));
            }

            // Run ids sort by creation time, so newest-first is descending id order; the token is the last id returned.
            var matches = runs.Values.Reverse()
                .Where(r => continuationToken is null || string.CompareOrdinal(r.Id.Value, continuationToken) < 0)
                .Take(pageSize + 1)
                .ToList();
            var page = matches.Take(pageSize).ToImmutableArray();
            return Task.FromResult(new RecordPage<RunRecord>(page, matches.Count > pageSize ? page[^1].Id.Value : null));
        }
    }

    public Task<int> DeleteAsync(EnvironmentId environment, IReadOnlyCollection<RunId> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(runs);
        lock (_gate)
        {
            if (!_runs.TryGetValue(environment, out var stored))
            {
                return Task.FromResult(0);
            }

            var count = runs.Distinct().Count(r => stored.Remove(r.Value));
            if (stored.Count == 0)
            {
                _runs.Remove(environment);
            }

            return Task.FromResult(count);
        }
    }
}
