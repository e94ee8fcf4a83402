namespace EnvOrchestrator.Durable.Worker;

/// <summary>Counters for tests and benchmarks; cheap enough to keep always on.</summary>
internal sealed class EngineMetrics
{
    private long _commits;
    private long _conflicts;
    private long _duplicates;
    private long _poison;
    private long _activities;

    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Commits rejected because another worker changed the instance first.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Inbound events ignored as redeliveries, stale executions or unknown tasks.</summary>
    public long IgnoredEvents => Interlocked.Read(ref _duplicates);

    public long PoisonMessages => Interlocked.Read(ref _poison);

    public long ActivitiesRun => Interlocked.Read(ref _activities);

    public void Committed() => Interlocked.Increment(ref _commits);

    public void Conflicted() => Interlocked.Increment(ref _conflicts);

    public void Ignored(int count) => Interlocked.Add(ref _duplicates, count);

    public void Poisoned() => Interlocked.Increment(ref _poison);

    public void ActivityRan() => Interlocked.Increment(ref _activities);
}
