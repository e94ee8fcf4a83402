using System.Collections.Frozen;
using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The allowed changes of <see cref="ResourceStatus"/>: <c>Pending → Planning → Applying → Succeeded</c> (a plan
/// without changes goes straight to <c>Succeeded</c>), <c>Succeeded → Planning</c> for an update,
/// <c>Failed|Cancelled|Skipped → Planning</c> for a retry, <c>Planning|Applying → Cancelled</c> when a run is cancelled,
/// and <c>→ Destroying → Destroyed</c>. A resource that never ran
/// (<c>Pending</c>, <c>Skipped</c>) holds nothing, so it may become <c>Destroyed</c> directly.
/// </summary>
public static class ResourceStatusMachine
{
    private static readonly FrozenDictionary<ResourceStatus, ImmutableArray<ResourceStatus>> Next =
        new Dictionary<ResourceStatus, ImmutableArray<ResourceStatus>>
        {
            [ResourceStatus.Pending] = [ResourceStatus.Planning, ResourceStatus.Skipped, ResourceStatus.Destroyed],
            [ResourceStatus.Planning] = [ResourceStatus.Applying, ResourceStatus.Succeeded, ResourceStatus.Failed, ResourceStatus.Skipped, ResourceStatus.Cancelled],
            [ResourceStatus.Applying] = [ResourceStatus.Succeeded, ResourceStatus.Failed, ResourceStatus.Cancelled],
            [ResourceStatus.Succeeded] = [ResourceStatus.Planning, ResourceStatus.Destroying],
            [ResourceStatus.Failed] = [ResourceStatus.Planning, ResourceStatus.Destroying],
            [ResourceStatus.Cancelled] = [ResourceStatus.Planning, ResourceStatus.Destroying],
            [ResourceStatus.Skipped] = [ResourceStatus.Planning, ResourceStatus.Pending, ResourceStatus.Destroyed],
            [ResourceStatus.Destroying] = [ResourceStatus.Destroyed, ResourceStatus.Failed],
            [ResourceStatus.Destroyed] = [],
        }.ToFrozenDictionary();

    public static bool CanTransition(ResourceStatus current, ResourceStatus next) =>
        Next.TryGetValue(current, out var allowed) && allowed.Contains(next);

    public static ImmutableArray<ResourceStatus> AllowedFrom(ResourceStatus current) =>
        Next.TryGetValue(current, out var allowed) ? allowed : [];

    /// <summary>True while Terraform is working on the resource.</summary>
    public static bool IsActive(ResourceStatus status) =>
        status is ResourceStatus.Planning or ResourceStatus.Applying or ResourceStatus.Destroying;
}
