using System.Collections.Frozen;
using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The allowed changes of <see cref="EnvironmentStatus"/>:
/// <c>Pending → Queued → Deploying → Ready</c>, <c>Ready → Updating → Ready</c>,
/// <c>Ready|Failed|Cancelled → Destroying → Destroyed</c>; any active step may fail, and a deploy or update may be
/// cancelled. A retry moves <c>Failed|Cancelled</c> back to the step that failed (<c>Deploying</c>,
/// <c>Updating</c> or <c>Destroying</c>). A deploy that needs an approval (a new one, or the retry of one never
/// approved) waits in <c>AwaitingApproval</c> until it is approved (<c>Deploying</c>), rejected or timed out
/// (<c>Failed</c>), or cancelled.
/// </summary>
public static class EnvironmentStatusMachine
{
    private static readonly FrozenDictionary<EnvironmentStatus, ImmutableArray<EnvironmentStatus>> Next =
        new Dictionary<EnvironmentStatus, ImmutableArray<EnvironmentStatus>>
        {
            [EnvironmentStatus.Pending] = [EnvironmentStatus.Queued, EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Failed, EnvironmentStatus.Cancelled],
            [EnvironmentStatus.Queued] = [EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Deploying, EnvironmentStatus.Failed, EnvironmentStatus.Cancelled],
            [EnvironmentStatus.AwaitingApproval] = [EnvironmentStatus.Deploying, EnvironmentStatus.Failed, EnvironmentStatus.Cancelled],
            [EnvironmentStatus.Deploying] = [EnvironmentStatus.Ready, EnvironmentStatus.Failed, EnvironmentStatus.Cancelled],
            [EnvironmentStatus.Ready] = [EnvironmentStatus.Updating, EnvironmentStatus.Destroying],
            [EnvironmentStatus.Updating] = [EnvironmentStatus.Ready, EnvironmentStatus.Failed, EnvironmentStatus.Cancelled],
            [EnvironmentStatus.Failed] = [EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Deploying, EnvironmentStatus.Updating, EnvironmentStatus.Destroying],
            [EnvironmentStatus.Cancelled] = [EnvironmentStatus.AwaitingApproval, EnvironmentStatus.Deploying, EnvironmentStatus.Updating, EnvironmentStatus.Destroying],
            [EnvironmentStatus.Destroying] = [EnvironmentStatus.Destroyed, EnvironmentStatus.Failed],
            [EnvironmentStatus.Destroyed] = [],
        }.ToFrozenDictionary();

    public static bool CanTransition(EnvironmentStatus current, EnvironmentStatus next) =>
        Next.TryGetValue(current, out var allowed) && allowed.Contains(next);

    /// <summary>The statuses <paramref name="current"/> may change to, in lifecycle order.</summary>
    public static ImmutableArray<EnvironmentStatus> AllowedFrom(EnvironmentStatus current) =>
        Next.TryGetValue(current, out var allowed) ? allowed : [];

    /// <summary>True when no run is working on the environment, so a new one may start.</summary>
    public static bool IsSettled(EnvironmentStatus status) =>
        status is EnvironmentStatus.Ready or EnvironmentStatus.Failed or EnvironmentStatus.Cancelled or EnvironmentStatus.Destroyed;

    /// <summary>True when the environment may still hold cloud resources and so must be destroyed when it expires.</summary>
    public static bool MayHoldResources(EnvironmentStatus status) => status != EnvironmentStatus.Destroyed;
}
