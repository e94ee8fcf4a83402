namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// One pass of the sweep that repairs what crashes and missed timers leave behind. Hosts call it on a schedule: the
/// lifecycle's own hosted service does (<see cref="EnvironmentLifecycleOptions.SweepInProcess"/>), or a timer trigger
/// when the host schedules it itself. Passes may overlap, in one process or several: every action is guarded.
/// </summary>
public interface IEnvironmentSweeper
{
    Task<SweepResult> SweepOnceAsync(CancellationToken cancellationToken);
}

/// <summary>What one sweep pass did.</summary>
/// <param name="DestroysStarted">Expired environments whose destroy the sweep started.</param>
/// <param name="RunsResumed">Interrupted runs whose orchestration the sweep started again.</param>
/// <param name="RunsReleased">Runs that could not go on: failed as <c>Lifecycle.Orphaned</c>, their environment released.</param>
/// <param name="EnvironmentsPurged">Destroyed environments past their retention, removed for good.</param>
public sealed record SweepResult(int DestroysStarted, int RunsResumed, int RunsReleased, int EnvironmentsPurged = 0)
{
    public int RunsRecovered => RunsResumed + RunsReleased;
}
