using System.Collections.Immutable;
using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// An environment: what it was made from, its inputs, the state of each resource, its outputs and its lifetime.
/// Changes go through the methods, which enforce <see cref="EnvironmentStatusMachine"/> and return broken rules as
/// data. <see cref="Version"/> is the store's concurrency token (an ETag), null until stored.
/// </summary>
public sealed record EnvironmentRecord
{
    public required EnvironmentId Id { get; init; }

    /// <summary>The environment template as requested (<c>web-stack@^1</c>).</summary>
    public required TemplateReference Template { get; init; }

    /// <summary>The version <see cref="Template"/> resolved to for the current deployment.</summary>
    public required SemVersion TemplateVersion { get; init; }

    public EnvironmentStatus Status { get; init; } = EnvironmentStatus.Pending;

    public ImmutableSortedDictionary<string, Value> Inputs { get; init; } = ResourceRecord.Empty;

    /// <summary>The resources in the template's order.</summary>
    public ImmutableArray<ResourceRecord> Resources { get; init; } = [];

    public ImmutableSortedDictionary<string, Value> Outputs { get; init; } = ResourceRecord.Empty;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required string CreatedBy { get; init; }

    /// <summary>When the environment is destroyed unless extended; null for environments that do not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public int ExtensionCount { get; init; }

    /// <summary>The run working on the environment, null when it is settled.</summary>
    public RunId? CurrentRunId { get; init; }

    /// <summary>Why the environment is <see cref="EnvironmentStatus.Failed"/>; null in every other status.</summary>
    public FailureDetails? Failure { get; init; }

    /// <summary>The resource that made the environment fail, when one did.</summary>
    public ResourceFailure? FailedResource { get; init; }

    /// <summary>The approval the environment waits for, or the last one decided; see <see cref="ApprovalRequest"/>.</summary>
    public ApprovalRequest? Approval { get; init; }

    public string? Version { get; init; }

    /// <summary>A new environment, <see cref="EnvironmentStatus.Pending"/>, with its resources pending.</summary>
    public static EnvironmentRecord Create(
        EnvironmentId id,
        TemplateReference template,
        SemVersion templateVersion,
        ImmutableSortedDictionary<string, Value> inputs,
        IEnumerable<ResourceRecord> resources,
        string createdBy,
        DateTimeOffset now,
        DateTimeOffset? expiresAt) => new()
        {
            Id = id,
            Template = template,
            TemplateVersion = templateVersion,
            Inputs = inputs,
            Resources = [.. resources],
            CreatedBy = createdBy,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = expiresAt,
        };

    public ResourceRecord? FindResource(string name) => Resources.FirstOrDefault(r => r.Name == name);

    /// <summary>The resources a retry must run again: every one that did not reach the state the run aimed for.</summary>
    public ImmutableArray<ResourceRecord> ResourcesToRetry(RunKind failedKind) =>
        [.. Resources.Where(r => failedKind == RunKind.Destroy ? r.Status != ResourceStatus.Destroyed : r.Status != ResourceStatus.Succeeded)];

    /// <summary>Moves to <paramref name="next"/>; leaving <see cref="EnvironmentStatus.Failed"/> clears the failure.</summary>
    public DomainResult<EnvironmentRecord> TransitionTo(EnvironmentStatus next, DateTimeOffset now)
    {
        if (next == EnvironmentStatus.Failed)
        {
            return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.InvalidTransition, "Use Fail to record why the environment failed.");
        }

        return Move(next, now, failure: null, failedResource: null);
    }

    /// <summary>Starts a run: the environment must be settled (or still pending) and moves to <paramref name="next"/>.</summary>
    public DomainResult<EnvironmentRecord> StartRun(RunId run, EnvironmentStatus next, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (CurrentRunId is not null)
        {
            return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.RunInProgress, $"Run {CurrentRunId} is still working on the environment.");
        }

        var moved = TransitionTo(next, now);
        return moved.Succeeded ? DomainResult.Success(moved.Value! with { CurrentRunId = run }) : moved;
    }

    /// <summary>Ends the current run in <paramref name="next"/> (<c>Ready</c>, <c>Destroyed</c> or <c>Cancelled</c>).</summary>
    public DomainResult<EnvironmentRecord> CompleteRun(EnvironmentStatus next, DateTimeOffset now)
    {
        var moved = TransitionTo(next, now);
        return moved.Succeeded ? DomainResult.Success(moved.Value! with { CurrentRunId = null }) : moved;
    }

    /// <summary>Ends the current run as <see cref="EnvironmentStatus.Failed"/>, naming the failing resource when there is one.</summary>
    public DomainResult<EnvironmentRecord> Fail(FailureDetails failure, ResourceFailure? failedResource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var moved = Move(EnvironmentStatus.Failed, now, failure, failedResource);
        return moved.Succeeded ? DomainResult.Success(moved.Value! with { CurrentRunId = null }) : moved;
    }

    /// <summary>Changes one resource's status through <see cref="ResourceRecord.TransitionTo"/>.</summary>
    public DomainResult<EnvironmentRecord> TransitionResource(string name, ResourceStatus next, DateTimeOffset now, FailureDetails? failure = null)
    {
        var resource = FindResource(name);
        if (resource is null)
        {
            return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.UnknownResource, $"The environment has no resource '{name}'.");
        }

        var moved = resource.TransitionTo(next, now, failure);
        return moved.Succeeded ? DomainResult.Success(WithResource(moved.Value!, now)) : DomainResult.Failure<EnvironmentRecord>(moved.Problem.Code, moved.Problem.Message);
    }

    /// <summary>Replaces the resource with the same name (or appends it), e.g. to record the inputs and outputs of an apply.</summary>
    public EnvironmentRecord WithResource(ResourceRecord resource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        for (var i = 0; i < Resources.Length; i++)
        {
            if (Resources[i].Name == resource.Name)
            {
                return this with { Resources = Resources.SetItem(i, resource), UpdatedAt = now };
            }
        }

        return this with { Resources = Resources.Add(resource), UpdatedAt = now };
    }

    /// <summary>See <see cref="EnvironmentLifetime.Extend"/>.</summary>
    public DomainResult<EnvironmentRecord> Extend(TimeSpan by, DateTimeOffset now, LifetimeSettings lifetime) =>
        EnvironmentLifetime.Extend(this, by, now, lifetime);

    private DomainResult<EnvironmentRecord> Move(EnvironmentStatus next, DateTimeOffset now, FailureDetails? failure, ResourceFailure? failedResource) =>
        EnvironmentStatusMachine.CanTransition(Status, next)
            ? DomainResult.Success(this with { Status = next, UpdatedAt = now, Failure = failure, FailedResource = failedResource })
            : DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.InvalidTransition, $"Environment {Id} cannot go from {Status} to {next}.");
}
