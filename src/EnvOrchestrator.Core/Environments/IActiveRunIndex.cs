using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// A run that was (or is about to be) given to an environment, with what is needed to start its orchestration again.
/// <see cref="StartedAt"/> is the run id's creation time.
/// </summary>
/// <param name="Working">The status the environment works in during the run: Deploying, Updating or Destroying.</param>
public sealed record ActiveRun(EnvironmentId Environment, RunId Run, RunKind Kind, EnvironmentStatus Working)
{
    public DateTimeOffset StartedAt => Run.CreatedAt;
}

/// <summary>
/// The runs that may still hold an environment, so that a sweep can find a run whose start was interrupted (its
/// environment taken, but its record or orchestration never written) without scanning every environment. An entry
/// is written before the environment takes the run and removed once the environment no longer holds it, so entries
/// can be stale but never missing; readers check each entry against the environment.
/// </summary>
public interface IActiveRunIndex
{
    /// <summary>Adds the entry, or replaces the same run's entry (idempotent).</summary>
    Task AddAsync(ActiveRun run, CancellationToken cancellationToken);

    /// <summary>Removes a run's entry; nothing happens when there is none.</summary>
    Task RemoveAsync(EnvironmentId environment, RunId run, CancellationToken cancellationToken);

    /// <summary>
    /// Entries of runs created strictly before <paramref name="before"/>, oldest first (then by project, name and run
    /// id), at most <paramref name="limit"/>; only those after <paramref name="after"/> in that order when it is given,
    /// so a reader can page past entries it leaves in place.
    /// </summary>
    Task<ImmutableArray<ActiveRun>> ListOlderThanAsync(DateTimeOffset before, int limit, ActiveRun? after, CancellationToken cancellationToken);
}
