using System.Collections.Immutable;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// One deploy, update, destroy or retry of an environment, with its steps. <see cref="Version"/> is the store's
/// concurrency token (an ETag), null until stored.
/// </summary>
public sealed record RunRecord
{
    public required RunId Id { get; init; }

    public required EnvironmentId Environment { get; init; }

    public required RunKind Kind { get; init; }

    public RunStatus Status { get; init; } = RunStatus.Queued;

    public required string RequestedBy { get; init; }

    public DateTimeOffset RequestedAt => Id.CreatedAt;

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public FailureDetails? Failure { get; init; }

    public ImmutableArray<RunStep> Steps { get; init; } = [];

    /// <summary>Policy violations found while the run was admitted and while its resources were planned.</summary>
    public ImmutableArray<PolicyResult> PolicyResults { get; init; } = [];

    /// <summary>The catalog the run was started from (source, and commit for a Git catalog); null for runs recorded before.</summary>
    public string? CatalogSource { get; init; }

    public string? CatalogCommit { get; init; }

    /// <summary>Set when a platform admin overrode the policies for this run; see <see cref="PolicyOverride"/>.</summary>
    public PolicyOverride? Override { get; init; }

    /// <summary>Set when a cancel was asked for; the run stops before its next resource.</summary>
    public RunCancelRequest? CancelRequest { get; init; }

    public string? Version { get; init; }

    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>The log of the step at <paramref name="index"/>.</summary>
    public StepLogId LogOf(int index) => new(Environment, Id, Steps[index].LogName);

    /// <summary>Adds a step, or replaces the step with the same resource, action and attempt.</summary>
    public RunRecord WithStep(RunStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (var i = 0; i < Steps.Length; i++)
        {
            var s = Steps[i];
            if (s.Resource == step.Resource && s.Action == step.Action && s.Attempt == step.Attempt)
            {
                return this with { Steps = Steps.SetItem(i, step) };
            }
        }

        return this with { Steps = Steps.Add(step) };
    }

    /// <summary>Adds the results not already recorded (a step delivered again finds the same ones).</summary>
    public RunRecord WithPolicyResults(IEnumerable<PolicyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var added = results.Where(r => !PolicyResults.Contains(r)).Distinct().ToList();
        return added.Count == 0 ? this : this with { PolicyResults = PolicyResults.AddRange(added) };
    }
}
