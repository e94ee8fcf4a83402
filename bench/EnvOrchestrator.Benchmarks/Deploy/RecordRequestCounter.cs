using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Benchmarks.Deploy;

/// <summary>
/// Counts the requests the lifecycle sends to the environment and run stores (each one a Table Storage round trip in
/// production): reads, inserts, replaces and the replaces refused for a version conflict.
/// </summary>
internal sealed class RecordRequestCounter
{
    private long _reads;
    private long _writes;
    private long _conflicts;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public long Conflicts => Interlocked.Read(ref _conflicts);

    public long Total => Reads + Writes;

    /// <summary>The environment store the benchmark itself polls through, uncounted.</summary>
    public IEnvironmentStore? Uncounted { get; private set; }

    /// <summary>Wraps the registered environment and run stores; call after they are registered.</summary>
    public void Decorate(IServiceCollection services)
    {
        Replace<IEnvironmentStore>(services, inner =>
        {
            Uncounted = inner;
            return new CountingEnvironmentStore(inner, this);
        });
        Replace<IRunStore>(services, inner => new CountingRunStore(inner, this));
    }

    public (long Reads, long Writes, long Conflicts) Snapshot() => (Reads, Writes, Conflicts);

    private void Read() => Interlocked.Increment(ref _reads);

    private void Wrote<T>(StoreResult<T> result)
        where T : class
    {
        Interlocked.Increment(ref _writes);
        if (result.Outcome == StoreOutcome.VersionConflict)
        {
            Interlocked.Increment(ref _conflicts);
        }
    }

    private static void Replace<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(registered);
        services.AddSingleton(sp => wrap((T)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))));
    }

    private sealed class CountingEnvironmentStore(IEnvironmentStore inner, RecordRequestCounter counter) : IEnvironmentStore
    {
        public Task<EnvironmentRecord?> FindAsync(EnvironmentId id, CancellationToken cancellationToken)
        {
            counter.Read();
            return inner.FindAsync(id, cancellationToken);
        }

        public async Task<StoreResult<EnvironmentRecord>> CreateAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
        {
            var result = await inner.CreateAsync(environment, cancellationToken);
            counter.Wrote(result);
            return result;
        }

        public async Task<StoreResult<EnvironmentRecord>> SaveAsync(EnvironmentRecord environment, string expectedVersion, CancellationToken cancellationToken)
        {
            var result = await inner.SaveAsync(environment, expectedVersion, cancellationToken);
            counter.Wrote(result);
            return result;
        }

        public Task<RecordPage<EnvironmentRecord>> ListAsync(ProjectName project, EnvironmentFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            inner.ListAsync(project, filter, pageSize, continuationToken, cancellationToken);

        public Task<StoreOutcome> DeleteAsync(EnvironmentId id, string? expectedVersion, CancellationToken cancellationToken) =>
            inner.DeleteAsync(id, expectedVersion, cancellationToken);

        public Task<RecordPage<EnvironmentId>> FindDestroyedAsync(DateTimeOffset destroyedBefore, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            inner.FindDestroyedAsync(destroyedBefore, pageSize, continuationToken, cancellationToken);

        public Task<RecordPage<EnvironmentRecord>> FindByTemplateAsync(string templateName, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            inner.FindByTemplateAsync(templateName, pageSize, continuationToken, cancellationToken);

        public Task<ImmutableArray<ExpiringEnvironment>> FindExpiringAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
            inner.FindExpiringAsync(before, limit, cancellationToken);
    }

    private sealed class CountingRunStore(IRunStore inner, RecordRequestCounter counter) : IRunStore
    {
        public async Task<StoreResult<RunRecord>> CreateAsync(RunRecord run, CancellationToken cancellationToken)
        {
            var result = await inner.CreateAsync(run, cancellationToken);
            counter.Wrote(result);
            return result;
        }

        public async Task<StoreResult<RunRecord>> SaveAsync(RunRecord run, string expectedVersion, CancellationToken cancellationToken)
        {
            var result = await inner.SaveAsync(run, expectedVersion, cancellationToken);
            counter.Wrote(result);
            return result;
        }

        public Task<RunRecord?> FindAsync(EnvironmentId environment, RunId id, CancellationToken cancellationToken)
        {
            counter.Read();
            return inner.FindAsync(environment, id, cancellationToken);
        }

        public Task<RecordPage<RunRecord>> ListAsync(EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        {
            counter.Read();
            return inner.ListAsync(environment, pageSize, continuationToken, cancellationToken);
        }

        public Task<int> DeleteAsync(EnvironmentId environment, IReadOnlyCollection<RunId> runs, CancellationToken cancellationToken) =>
            inner.DeleteAsync(environment, runs, cancellationToken);
    }
}
