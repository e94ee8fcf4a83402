using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Environments.InMemory;

namespace EnvOrchestrator.Lifecycle.Tests.Sweep;

/// <summary>Where <see cref="CrashingRunStore"/> makes the first run creation fail.</summary>
internal enum CrashPoint
{
    /// <summary>Before the run is written: the environment holds a run that has no record.</summary>
    BeforeRecord,

    /// <summary>After the run is written: its orchestration is never scheduled.</summary>
    AfterRecord,
}

/// <summary>An in-memory run store whose first <see cref="CreateAsync"/> dies like a process would, once.</summary>
internal sealed class CrashingRunStore(CrashPoint point) : IRunStore
{
    private readonly InMemoryRunStore _inner = new();
    private int _crashed;

    public async Task<StoreResult<RunRecord>> CreateAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var crash = Interlocked.Exchange(ref _crashed, 1) == 0;
        if (crash && point == CrashPoint.BeforeRecord)
        {
            throw new IOException("simulated crash before the run was recorded");
        }

        var created = await _inner.CreateAsync(run, cancellationToken);
        return crash ? throw new IOException("simulated crash after the run was recorded") : created;
    }

    public Task<StoreResult<RunRecord>> SaveAsync(RunRecord run, string expectedVersion, CancellationToken cancellationToken) =>
        _inner.SaveAsync(run, expectedVersion, cancellationToken);

    public Task<RunRecord?> FindAsync(EnvironmentId environment, RunId id, CancellationToken cancellationToken) =>
        _inner.FindAsync(environment, id, cancellationToken);

    public Task<RecordPage<RunRecord>> ListAsync(EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _inner.ListAsync(environment, pageSize, continuationToken, cancellationToken);

    public Task<int> DeleteAsync(EnvironmentId environment, IReadOnlyCollection<RunId> runs, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(environment, runs, cancellationToken);
}
