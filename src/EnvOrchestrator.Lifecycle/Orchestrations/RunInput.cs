using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// Starts a deploy, update, retry or destroy orchestration. Messages carry ids only: the environment and run
/// records in the stores are the truth, so a replay never sees stale copies of inputs or outputs.
/// </summary>
/// <param name="Working">The status the environment works in during the run: Deploying, Updating or Destroying.</param>
internal sealed record RunInput(string Project, string Name, string RunId, RunKind Kind, EnvironmentStatus Working)
{
    public EnvironmentId EnvironmentId => EnvironmentId.Parse(Project, Name);

    public RunId Run => Core.Environments.RunId.Parse(RunId);

    /// <summary>How transient step failures are retried (destroy); null: not retried.</summary>
    public StepRetry? Retry { get; init; }

    /// <summary>The W3C trace parent of the request that started the run, so its steps are spans of that trace.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>The resources a run works on, each with the resources it waits for, or why the run cannot start.</summary>
internal sealed record RunPlan(IReadOnlyList<PlannedResource> Resources, FailureDetails? Failure)
{
    /// <summary>A mandatory plan rule applies: plan every resource whose inputs are known before applying any.</summary>
    public bool Preflight { get; init; }

    /// <summary>Set while the run waits for an approver: when the request expires.</summary>
    public DateTimeOffset? ApprovalDeadline { get; init; }

    /// <summary>How long to wait for a wake-up event before reading the approval again.</summary>
    public TimeSpan ApprovalRecheck { get; init; }

    /// <summary>A cancel was stored on the run before it began: no resource starts (each is skipped).</summary>
    public bool Cancelled { get; init; }
}

/// <param name="After">Deploy: the resources it depends on. Destroy: the resources that depend on it.</param>
internal sealed record PlannedResource(string Name, IReadOnlyList<string> After);

/// <summary>One resource step of a run (apply or destroy of one resource).</summary>
internal sealed record ResourceStepInput(string Project, string Name, string RunId, string Resource, string InstanceId)
{
    public string? TraceParent { get; init; }

    public EnvironmentId EnvironmentId => EnvironmentId.Parse(Project, Name);
}

internal enum StepOutcome
{
    Succeeded,

    /// <summary>Inputs and module version equal to the last apply: nothing to do.</summary>
    Unchanged,
    Failed,
    Cancelled,
}

internal sealed record ResourceStepResult(string Resource, StepOutcome Outcome, FailureDetails? Failure, string? Log);

/// <summary>Ends a run: the resources never started are marked skipped, the environment and run get their final status.</summary>
internal sealed record CompleteRunInput(RunInput Run, RunStatus Status, IReadOnlyList<string> NotStarted, IReadOnlyList<ResourceStepResult> Failures);

/// <summary>What the orchestration shows while it runs; a step polls it to learn that the run was asked to stop.</summary>
internal sealed record RunCustomStatus(bool CancelRequested, IReadOnlyList<string> Running);

/// <summary>Event names raised to lifecycle orchestrations.</summary>
internal static class LifecycleEvents
{
    public const string Cancel = "cancel";

    public const string Extended = "extended";

    /// <summary>To a run waiting for an approver: the decision is recorded, read it.</summary>
    public const string Approval = "approval";

    /// <summary>To the lifetime, from a run that ended after the environment expired: the destroy may start now.</summary>
    public const string RunFinished = "run-finished";
}
