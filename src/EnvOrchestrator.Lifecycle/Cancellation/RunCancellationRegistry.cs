using System.Collections.Concurrent;

namespace EnvOrchestrator.Lifecycle.Cancellation;

/// <summary>
/// Per-process cancellation of running steps, keyed by run id. A cancel reaches a step in this process at once;
/// steps in other worker processes learn it from the orchestration's custom status (see <c>CancelWatch</c>).
/// A cancel that arrives before the step registers is remembered, so the step starts already cancelled.
/// </summary>
internal sealed class RunCancellationRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _runs = new(StringComparer.Ordinal);

    public CancellationToken TokenFor(string runId) => _runs.GetOrAdd(runId, static _ => new CancellationTokenSource()).Token;

    public void Cancel(string runId) => _runs.GetOrAdd(runId, static _ => new CancellationTokenSource()).Cancel();

    /// <summary>Drops the run's entry once it has finished.</summary>
    public void Forget(string runId)
    {
        if (_runs.TryRemove(runId, out var source))
        {
            source.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var source in _runs.Values)
        {
            source.Dispose();
        }

        _runs.Clear();
    }
}
