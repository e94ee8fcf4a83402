using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Retention;

/// <summary>How a purge of one environment ended.</summary>
internal enum PurgeOutcome
{
    Purged,
    NotFound,

    /// <summary>The environment is not destroyed (or no longer eligible): nothing was removed.</summary>
    NotDestroyed,
}

/// <summary>What one retention sweep removed.</summary>
internal sealed record RetentionSweepResult(int EnvironmentsPurged, int IdempotencyKeysPurged);

/// <summary>
/// Removes what a destroyed environment leaves behind — its runs, step logs, orchestration histories and record —
/// either for good (purge, retention) or to reuse its name for a new environment (see ADR 0007).
/// </summary>
/// <remarks>
/// Runs are removed by the ids listed <em>while the record was still the destroyed version read</em>, never "every
/// run of the name": a newer environment of the same name only gets runs after it replaced that version, so a
/// listing taken before the re-check can hold none of its runs, whichever caller wins a race.
/// </remarks>
internal sealed class EnvironmentPurger(
    IEnvironmentStore environments,
    IRunStore runs,
    RunLedger ledger,
    IStepLogStore logs,
    IIdempotencyStore idempotency,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<EnvironmentPurger> logger)
{
    private const int MaxAttempts = 5;
    private const int SweepPageSize = 100;
    private static readonly TimeSpan RunCompletionWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Stores <paramref name="environment"/> under its name: a plain create, or, when the name belongs to a destroyed
    /// environment, the old one's runs and logs are removed and its record replaced (conditionally on its ETag).
    /// Null when the name is taken by an environment that is not destroyed, or another caller won the name.
    /// </summary>
    public async Task<(EnvironmentRecord Stored, bool Replaced)?> ClaimNameAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var created = await ledger.CreateEnvironmentAsync(environment, cancellationToken).ConfigureAwait(false);
            if (created.Succeeded)
            {
                return (created.Value!, false);
            }

            var existing = await environments.FindAsync(environment.Id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue;
            }

            if (existing.Status != EnvironmentStatus.Destroyed)
            {
                return null;
            }

            // A crash from here on leaves the old, destroyed record (with fewer runs): a retry does the same again.
            if (!await RemoveRunsAsync(existing, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var replaced = await ledger.ReplaceEnvironmentAsync(environment, existing.Version!, cancellationToken).ConfigureAwait(false);
            if (replaced.Succeeded)
            {
                logger.DestroyedNameReused(environment.Id.Project.Value, environment.Id.Name.Value);
                return (replaced.Value!, true);
            }
        }

        return null;
    }

    /// <summary>Purges a destroyed environment for good; <paramref name="eligible"/> may refuse it on a fresh read (retention).</summary>
    public async Task<PurgeOutcome> PurgeAsync(EnvironmentId id, Func<EnvironmentRecord, bool>? eligible, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (environment is null)
            {
                return PurgeOutcome.NotFound;
            }

            if (environment.Status != EnvironmentStatus.Destroyed || (eligible is not null && !eligible(environment)))
            {
                return PurgeOutcome.NotDestroyed;
            }

            if (!await RemoveRunsAsync(environment, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var deleted = await environments.DeleteAsync(id, environment.Version, cancellationToken).ConfigureAwait(false);
            ledger.Forget(id);
            if (deleted == StoreOutcome.Succeeded)
            {
                // Only a finished instance is purged, so a lifetime timer of a newer environment of this name is kept.
                await PurgeFinishedAsync(LifecycleInstanceIds.ForLifetime(id), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                logger.EnvironmentPurged(id.Project.Value, id.Name.Value);
                return PurgeOutcome.Purged;
            }
        }

        return PurgeOutcome.NotDestroyed;
    }

    /// <summary>
    /// One retention sweep: purges every environment destroyed longer than
    /// <see cref="EnvironmentLifecycleOptions.DestroyedRetention"/> ago (none when it is null) and the expired
    /// idempotency keys. Safe to run in several workers at once.
    /// </summary>
    public async Task<RetentionSweepResult> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        if (options.Value.DestroyedRetention is { } retention)
        {
            var before = time.GetUtcNow() - retention;
            string? token = null;
            do
            {
                var page = await environments.FindDestroyedAsync(before, SweepPageSize, token, cancellationToken).ConfigureAwait(false);
                foreach (var id in page.Items)
                {
                    var outcome = await PurgeAsync(id, e => e.UpdatedAt < before, cancellationToken).ConfigureAwait(false);
                    purged += outcome == PurgeOutcome.Purged ? 1 : 0;
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        var keys = await idempotency.PurgeExpiredAsync(cancellationToken).ConfigureAwait(false);
        logger.RetentionSwept(purged, keys);
        return new RetentionSweepResult(purged, keys);
    }

    /// <summary>
    /// Removes the runs, step logs and finished run orchestrations of <paramref name="destroyed"/>; false, with
    /// nothing removed, when the record is no longer that version.
    /// </summary>
    private async Task<bool> RemoveRunsAsync(EnvironmentRecord destroyed, CancellationToken cancellationToken)
    {
        var id = destroyed.Id;
        var listed = new List<RunRecord>();
        string? token = null;
        do
        {
            var page = await runs.ListAsync(id, Paging.MaxPageSize, token, cancellationToken).ConfigureAwait(false);
            listed.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        var current = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (current?.Version != destroyed.Version)
        {
            return false;
        }

        // Logs first: a crash in between leaves runs whose logs are gone, never logs nobody can reach.
        foreach (var run in listed)
        {
            await logs.DeleteRunAsync(id, run.Id, cancellationToken).ConfigureAwait(false);
            await PurgeFinishedAsync(LifecycleInstanceIds.ForRun(id, run.Kind, run.Id), RunCompletionWait, cancellationToken).ConfigureAwait(false);
        }

        await runs.DeleteAsync(id, [.. listed.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Purges an orchestration instance once it has finished. A run's orchestration finishes a moment after its last
    /// activity has recorded the run as finished, so it is given <paramref name="wait"/> to get there; one that is
    /// still running then (or a lifetime timer, which may belong to a newer environment of the name) is left alone:
    /// purging a running instance would delete work in flight.
    /// </summary>
    private async Task PurgeFinishedAsync(string instanceId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is { IsCompleted: false } && wait > TimeSpan.Zero)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(wait);
            try
            {
                instance = await client.WaitForInstanceCompletionAsync(instanceId, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still running: left alone below.
            }
        }

        if (instance is null)
        {
            return;
        }

        if (!instance.IsCompleted)
        {
            logger.InstanceNotPurged(instanceId, instance.RuntimeStatus.ToString());
            return;
        }

        await client.PurgeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }
}
