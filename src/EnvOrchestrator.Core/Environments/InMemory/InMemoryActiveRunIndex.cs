using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments.InMemory;

/// <summary>An <see cref="IActiveRunIndex"/> in a dictionary, for tests and single-process development.</summary>
public sealed class InMemoryActiveRunIndex : IActiveRunIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(EnvironmentId Environment, RunId Run), ActiveRun> _runs = [];

    public Task AddAsync(ActiveRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            _runs[(run.Environment, run.Run)] = run;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(EnvironmentId environment, RunId run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            _runs.Remove((environment, run));
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<ActiveRun>> ListOlderThanAsync(DateTimeOffset before, int limit, ActiveRun? after, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            var due = _runs.Values
                .Where(r => r.StartedAt < before && (after is null || string.CompareOrdinal(SortKey(r), SortKey(after)) > 0))
                .OrderBy(SortKey, StringComparer.Ordinal)
                .Take(limit)
                .ToImmutableArray();
            return Task.FromResult(due);
        }
    }

    // Run ids begin with their creation time to the tick, so they sort like the creation time first.
    private static string SortKey(ActiveRun run) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{run.StartedAt.UtcTicks:D19}|{run.Environment.Project.Value}|{run.Environment.Name.Value}|{run.Run.Value}");
}
