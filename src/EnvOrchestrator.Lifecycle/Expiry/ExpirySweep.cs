using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Durable;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Expiry;

/// <summary>
/// Catches what a lifetime timer missed: environments expired for longer than the grace period are destroyed; a run
/// whose orchestration is gone or finished without releasing the environment (stuck) is failed first so the
/// destroy can start. Every action goes through the same optimistic guards as a user's request, so several
/// processes sweeping at once do no harm.
/// </summary>
internal sealed class ExpirySweep(
    IEnvironmentStore environments,
    IRunStore runs,
    RunStarter starter,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<ExpirySweep> logger)
{
    public const string Actor = "system:expiry-sweep";
    private const int BatchSize = 100;
    private readonly RecordUpdates _updates = new(environments, runs);

    /// <summary>One pass; returns how many destroys it started.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await environments.FindExpiringAsync(now - options.Value.ExpirySweepGrace, BatchSize, cancellationToken).ConfigureAwait(false);
        var started = 0;
        foreach (var expiring in due)
        {
            var environment = await environments.FindAsync(expiring.Id, cancellationToken).ConfigureAwait(false);
            if (environment is null || environment.Status == EnvironmentStatus.Destroyed)
            {
                continue;
            }

            if (environment.CurrentRunId is { } runId && !await ReleaseIfOrphanedAsync(environment, runId, now, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var (run, _) = await starter.StartAsync(
                expiring.Id, RunKind.Destroy, EnvironmentStatus.Destroying, EnvironmentStatus.Destroying, Actor, prepare: null, ifMatch: null, cancellationToken).ConfigureAwait(false);
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
        var instance = run is null ? null : await client.GetInstanceAsync(LifecycleInstanceIds.ForRun(environment.Id, run.Kind, runId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (instance is { IsCompleted: false })
        {
            return false;
        }

        // The orchestration is missing or ended without completing the run: nothing will ever release the environment.
        var failure = new FailureDetails("Lifecycle.Orphaned", $"Run {runId} has no live orchestration.", null, IsTransient: false);
        logger.OrphanedRun(runId.Value, environment.Id.Project.Value, environment.Id.Name.Value);
        if (run is not null)
        {
            await _updates.UpdateRunAsync(environment.Id, runId, r => r with { Status = RunStatus.Failed, CompletedAt = now, Failure = failure }, cancellationToken).ConfigureAwait(false);
        }

        var released = await _updates.UpdateEnvironmentAsync(
            environment.Id,
            e => e.CurrentRunId == runId ? (e.Status is EnvironmentStatus.Failed ? DomainResult.Success(e with { CurrentRunId = null }) : e.Fail(failure, null, now)) : null,
            cancellationToken).ConfigureAwait(false);
        return released.Succeeded;
    }
}
