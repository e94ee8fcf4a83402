using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The state of one resource of an environment. <see cref="Inputs"/> are the values used by the last apply:
/// they are kept so that a destroy runs with exactly what was applied, even after the template changed.
/// </summary>
public sealed record ResourceRecord
{
    public required string Name { get; init; }

    /// <summary>The resource template as the environment template names it (<c>redis-cache@^1.2</c>).</summary>
    public required TemplateReference Template { get; init; }

    /// <summary>The version <see cref="Template"/> resolved to when the environment was deployed or last updated.</summary>
    public SemVersion? ResolvedVersion { get; init; }

    public ResourceStatus Status { get; init; } = ResourceStatus.Pending;

    public ImmutableSortedDictionary<string, Value> Inputs { get; init; } = Empty;

    public ImmutableSortedDictionary<string, Value> Outputs { get; init; } = Empty;

    /// <summary>Where the resource's Terraform state lives (the state backend's address).</summary>
    public string? StateAddress { get; init; }

    /// <summary>How many times an apply was started for the resource (retries included).</summary>
    public int ApplyCount { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public FailureDetails? Failure { get; init; }

    /// <summary>The log of the step that last worked on the resource.</summary>
    public StepLogId? LastLog { get; init; }

    internal static ImmutableSortedDictionary<string, Value> Empty { get; } = ImmutableSortedDictionary.Create<string, Value>(StringComparer.Ordinal);

    /// <summary>
    /// Moves the resource to <paramref name="next"/> when <see cref="ResourceStatusMachine"/> allows it: starting a
    /// step records its start time (and counts an apply), ending one records the completion time, and a failure is
    /// kept only while the resource is <see cref="ResourceStatus.Failed"/> or <see cref="ResourceStatus.Cancelled"/>.
    /// </summary>
    public DomainResult<ResourceRecord> TransitionTo(ResourceStatus next, DateTimeOffset now, FailureDetails? failure = null)
    {
        if (!ResourceStatusMachine.CanTransition(Status, next))
        {
            return DomainResult.Failure<ResourceRecord>(
                DomainErrorCodes.InvalidTransition, $"Resource '{Name}' cannot go from {Status} to {next}.");
        }

        var starts = next is ResourceStatus.Planning or ResourceStatus.Destroying;
        var ends = next is ResourceStatus.Succeeded or ResourceStatus.Failed or ResourceStatus.Cancelled or ResourceStatus.Destroyed or ResourceStatus.Skipped;
        return DomainResult.Success(this with
        {
            Status = next,
            StartedAt = starts ? now : StartedAt,
            CompletedAt = ends ? now : starts ? null : CompletedAt,
            ApplyCount = next == ResourceStatus.Applying ? ApplyCount + 1 : ApplyCount,
            Failure = next is ResourceStatus.Failed or ResourceStatus.Cancelled ? failure ?? Failure : null,
        });
    }
}
