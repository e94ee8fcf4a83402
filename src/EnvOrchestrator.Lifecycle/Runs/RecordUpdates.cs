using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// Read-modify-write of environments and runs under optimistic concurrency: parallel resource steps of one run all
/// write the same environment record, so a version conflict is normal and the change is re-applied to a fresh read.
/// </summary>
internal sealed class RecordUpdates(IEnvironmentStore environments, IRunStore runs)
{
    private const int MaxAttempts = 20;

    /// <summary>Applies <paramref name="change"/> (null = nothing to change) and saves; the stored record, or the rule it broke.</summary>
    public async Task<DomainResult<EnvironmentRecord>> UpdateEnvironmentAsync(
        EnvironmentId id, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return DomainResult.Failure<EnvironmentRecord>("not-found", $"Environment {id} does not exist.");
            }

            var changed = change(current);
            if (changed is null)
            {
                return DomainResult.Success(current);
            }

            if (!changed.Succeeded)
            {
                return changed;
            }

            var saved = await environments.SaveAsync(changed.Value!, current.Version!, cancellationToken).ConfigureAwait(false);
            if (saved.Succeeded)
            {
                return DomainResult.Success(saved.Value!);
            }
        }

        throw new InvalidOperationException($"Environment {id} kept changing under {MaxAttempts} attempts to update it.");
    }

    public async Task<RunRecord?> UpdateRunAsync(EnvironmentId id, RunId run, Func<RunRecord, RunRecord> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await runs.FindAsync(id, run, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var saved = await runs.SaveAsync(change(current), current.Version!, cancellationToken).ConfigureAwait(false);
            if (saved.Succeeded)
            {
                return saved.Value;
            }
        }

        throw new InvalidOperationException($"Run {run} of {id} kept changing under {MaxAttempts} attempts to update it.");
    }
}
