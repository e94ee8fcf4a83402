using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Retention;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Sweep;

/// <summary>
/// Repairs what crashes and missed timers leave behind, in two passes, and (at most every
/// <see cref="EnvironmentLifecycleOptions.RetentionSweepInterval"/>) purges destroyed environments past their retention
/// and sweeps the resource groups the service tagged. Runs: every entry of the active-run index
/// older than <see cref="EnvironmentLifecycleOptions.ActiveRunSweepGrace"/> is checked — an environment that no
/// longer holds the run drops the entry; a recorded, unfinished run without an orchestration gets it scheduled again
/// under the same instance id; a run that cannot go on (no record, or its orchestration ended without releasing the
/// environment) is failed as <c>Lifecycle.Orphaned</c> and the environment released. Expiry: environments expired
/// for longer than <see cref="EnvironmentLifecycleOptions.ExpirySweepGrace"/> are destroyed, a stuck run being
/// released first. Every action goes through the same optimistic guards as a user's request and instance ids are
/// derived from the run, so several processes sweeping at once do no harm.
/// </summary>
internal sealed class EnvironmentSweep(
    IEnvironmentStore environments,
    IRunStore runs,
    RunLedger ledger,
    IActiveRunIndex activeRuns,
    RunStarter starter,
    EnvironmentPurger purger,
    ResourceGroups.EnvironmentResourceGroups resourceGroups,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<EnvironmentSweep> logger) : IEnvironmentSweeper
{
    public const string Actor = "system:expiry-sweep";
    private const int BatchSize = 100;
    private const int MaxRunsPerPass = 2_000;
    private long _nextRetentionTicks;

    private enum Recovery
    {
        None,
        Resumed,
        Released,
    }

    public async Task<SweepResult> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (resumed, released) = await SweepActiveRunsAsync(now, cancellationToken).ConfigureAwait(false);
        var started = await SweepExpiredAsync(now, cancellationToken).ConfigureAwait(false);
        var purged = await SweepRetentionAsync(now, cancellationToken).ConfigureAwait(false);
        return new SweepResult(started, resumed, released, purged);
    }

    // Hourly, not every minute: it scans destroyed environments of every project. Whoever moves the due time runs it.
    private async Task<int> SweepRetentionAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextRetentionTicks);
        var next = (now + options.Value.RetentionSweepInterval).UtcTicks;
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextRetentionTicks, next, due) != due)
        {
            return 0;
        }

        var purged = (await purger.PurgeExpiredAsync(cancellationToken).ConfigureAwait(false)).EnvironmentsPurged;

        // On the same cadence: resource groups the service tagged whose environment is gone (one list call).
        await resourceGroups.SweepAsync(cancellationToken).ConfigureAwait(false);
        return purged;
    }

    private async Task<(int Resumed, int Released)> SweepActiveRunsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Runs still going keep their entries, so the pass pages past them: a crashed start behind 100 long destroys
        // must not wait for them to finish.
        var (resumed, released, checkedRuns) = (0, 0, 0);
        ActiveRun? after = null;
        while (checkedRuns < MaxRunsPerPass)
        {
            var entries = await activeRuns.ListOlderThanAsync(now - options.Value.ActiveRunSweepGrace, BatchSize, after, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                switch (await RecoverAsync(entry, now, cancellationToken).ConfigureAwait(false))
                {
                    case Recovery.Resumed:
                        resumed++;
                        break;
                    case Recovery.Released:
                        released++;
                        break;
                }
            }

            checkedRuns += entries.Length;
            if (entries.Length < BatchSize)
            {
                break;
            }

            after = entries[^1];
        }

        return (resumed, released);
    }

    private async Task<Recovery> RecoverAsync(ActiveRun entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var environment = await environments.FindAsync(entry.Environment, cancellationToken).ConfigureAwait(false);
        if (environment is null || environment.CurrentRunId != entry.Run)
        {
            // The run ended, or never took the environment (it lost the race, or its start crashed before).
            await activeRuns.RemoveAsync(entry.Environment, entry.Run, cancellationToken).ConfigureAwait(false);
            return Recovery.None;
        }

        var run = await runs.FindAsync(entry.Environment, entry.Run, cancellationToken).ConfigureAwait(false);
        var instance = await client.GetInstanceAsync(LifecycleInstanceIds.ForRun(entry.Environment, entry.Kind, entry.Run), cancellation: cancellationToken).ConfigureAwait(false);
        if (instance is { IsCompleted: false })
        {
            return Recovery.None;
        }

        if (instance is null && run is { IsFinished: false })
        {
            // The start crashed after recording the run: the orchestration was never scheduled.
            return await starter.ResumeAsync(entry, cancellationToken).ConfigureAwait(false) ? Recovery.Resumed : Recovery.None;
        }

        return await ReleaseAsync(environment, run, entry.Run, now, cancellationToken).ConfigureAwait(false) ? Recovery.Released : Recovery.None;
    }

    private async Task<int> SweepExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await environments.FindExpiringAsync(now - options.Value.ExpirySweepGrace, BatchSize, cancellationToken).ConfigureAwait(false);
        var started = 0;
        foreach (var expiring in due)
        {
            var environment = await environments.FindAsync(expiring.Id, cancellationToken).ConfigureAwait(false);
            if (environment is null || environment.Status == EnvironmentStatus.Destroyed)
            {
                continue;
            }

            // A run younger than the grace may still be starting: its orchestration can be missing for a moment.
            if (environment.CurrentRunId is { } runId
                && (runId.CreatedAt >= now - options.Value.ActiveRunSweepGrace || !await ReleaseIfOrphanedAsync(environment, runId, now, cancellationToken).ConfigureAwait(false)))
            {
                continue;
            }

            var (run, _) = await starter.StartAsync(
                expiring.Id, RunKind.Destroy, EnvironmentStatus.Destroying, EnvironmentStatus.Destroying, Actor, prepare: null, ifMatch: null, RunAdmission.None, cancellationToken).ConfigureAwait(false);
            if (run is not null)
            {
                started++;
                logger.SweepDestroyStarted(expiring.Id.Project.Value, expiring.Id.Name.Value);
            }
        }

        return started;
    }

    private async Task<bool> ReleaseIfOrphanedAsync(EnvironmentRecord environment, RunId runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(environment.Id, runId, cancellationToken).ConfigureAwait(false);
        var instance = run is null ? null : await client.GetInstanceAsync(LifecycleInstanceIds.ForRun(environment.Id, run.Kind, runId), cancellation: cancellationToken).ConfigureAwait(false);
        return instance is not { IsCompleted: false } && await ReleaseAsync(environment, run, runId, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fails a run whose orchestration is missing or ended without completing it, and releases its environment:
    /// nothing else ever would. False when the environment moved on meanwhile.
    /// </summary>
    private async Task<bool> ReleaseAsync(EnvironmentRecord environment, RunRecord? run, RunId runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failure = new FailureDetails("Lifecycle.Orphaned", $"Run {runId} has no live orchestration.", null, IsTransient: false);
        logger.OrphanedRun(runId.Value, environment.Id.Project.Value, environment.Id.Name.Value);
        var released = await ledger.ReleaseRunAsync(
            environment.Id,
            runId,
            recorded: run is not null,
            r => r.IsFinished ? r : r with { Status = RunStatus.Failed, CompletedAt = now, Failure = failure },
            e => e.CurrentRunId == runId ? (e.Status is EnvironmentStatus.Failed ? DomainResult.Success(e with { CurrentRunId = null }) : e.Fail(failure, null, now)) : null,
            cancellationToken).ConfigureAwait(false);
        if (released.Succeeded && released.Value!.CurrentRunId != runId)
        {
            await activeRuns.RemoveAsync(environment.Id, runId, cancellationToken).ConfigureAwait(false);
        }

        return released.Succeeded;
    }
}
