using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Contracts;

/// <summary>A long operation was accepted: the run that does it and the orchestration instance running it.</summary>
public sealed record OperationAccepted(EnvironmentView Environment, RunView Run, string InstanceId);

/// <summary>An environment as callers see it: sensitive inputs and outputs are masked (<see cref="ValueView.Value"/> null).</summary>
/// <param name="ETag">The concurrency token to send back in If-Match.</param>
public sealed record EnvironmentView(
    string Project,
    string Name,
    string Template,
    string TemplateVersion,
    EnvironmentStatus Status,
    IReadOnlyDictionary<string, ValueView> Inputs,
    IReadOnlyList<ResourceView> Resources,
    IReadOnlyDictionary<string, ValueView> Outputs,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    int ExtensionCount,
    string? CurrentRunId,
    FailureView? Failure,
    string ETag)
{
    /// <summary>
    /// The policy results of the environment's latest run (advisory ones are why to look); given when one environment
    /// is read or extended, null in lists and in operation answers (their run view has them).
    /// </summary>
    public IReadOnlyList<PolicyResultView>? PolicyResults { get; init; }

    /// <summary>The approval the environment waits for, or the last one decided; null when none was ever needed.</summary>
    public ApprovalView? Approval { get; init; }

    /// <summary>True in the answer to an extension that was sent for approval instead of applied (the API answers 202).</summary>
    [JsonIgnore]
    public bool SentForApproval { get; init; }
}

/// <summary>
/// A request for approval: <see cref="Subject"/> is <c>deploy</c> or <c>extension</c>; <see cref="State"/> is
/// <c>pending</c> (decidable until <see cref="ExpiresAt"/>), <c>approved</c>, <c>rejected</c> or <c>timed-out</c>.
/// </summary>
/// <param name="Reasons">The policy results that asked for it.</param>
public sealed record ApprovalView(
    string Subject,
    string State,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<PolicyResultView> Reasons,
    string? Run,
    TimeSpan? ExtendBy,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Reason);

/// <summary>
/// An environment's outputs and its resources' outputs with sensitive values in clear (<see cref="ValueView.Sensitive"/>
/// still says which were); only from the explicit reveal call.
/// </summary>
public sealed record RevealedOutputs(
    string Project,
    string Name,
    IReadOnlyDictionary<string, ValueView> Outputs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ValueView>> Resources);

public sealed record ResourceView(
    string Name,
    string Template,
    string? Version,
    ResourceStatus Status,
    IReadOnlyDictionary<string, ValueView> Outputs,
    int ApplyCount,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    FailureView? Failure);

/// <summary>A value; a sensitive one is never shown (<see cref="Value"/> is null and <see cref="Sensitive"/> true).</summary>
public sealed record ValueView(JsonElement? Value, bool Sensitive, bool Known = true);

/// <summary>A classified failure; <see cref="Resource"/> and <see cref="Log"/> point at the failing resource and its step log.</summary>
public sealed record FailureView(string ErrorType, string Message, string? Detail, bool IsTransient, string? Resource = null, string? Log = null);

/// <summary>A destroyed environment removed for good with its runs and logs; its name is free again.</summary>
public sealed record EnvironmentPurged(string Project, string Name);

public sealed record EnvironmentPage(IReadOnlyList<EnvironmentView> Items, string? ContinuationToken);

public sealed record RunView(
    string Id,
    string Project,
    string Name,
    RunKind Kind,
    RunStatus Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    FailureView? Failure,
    IReadOnlyList<StepView> Steps,
    IReadOnlyList<PolicyResultView> PolicyResults)
{
    /// <summary>Set when a platform admin overrode the policies for this run: who, why and when.</summary>
    public OverrideView? Override { get; init; }

    /// <summary>The catalog the run was started from: its source and, from Git, the commit.</summary>
    public CatalogView? Catalog { get; init; }

    /// <summary>Set once someone asked the run to stop: who and when (the run ends Cancelled before its next resource).</summary>
    public CancelRequestView? CancelRequest { get; init; }
}

public sealed record CatalogView(string Source, string? Commit);

public sealed record CancelRequestView(string By, DateTimeOffset At);

public sealed record OverrideView(string By, string Reason, DateTimeOffset At);

/// <summary>
/// A policy violation found while the run was admitted (<see cref="Resource"/> null) or while a resource was planned.
/// Advisory ones did not stop anything; mandatory ones on a plan are why that resource failed.
/// </summary>
/// <param name="Enforcement"><c>mandatory</c>, <c>advisory</c> or <c>approval</c>.</param>
public sealed record PolicyResultView(string Policy, string Rule, string Enforcement, string? Resource, string Message);

/// <summary>One Terraform operation of a run; <see cref="Name"/> names its log (<c>{resource}.{action}.{attempt}</c>).</summary>
public sealed record StepView(
    string Name,
    string Resource,
    StepAction Action,
    StepStatus Status,
    int Attempt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    FailureView? Failure);

public sealed record RunPage(IReadOnlyList<RunView> Items, string? ContinuationToken);

/// <summary>New log lines per step and where to read from next; <see cref="RunFinished"/> says no more lines will come.</summary>
public sealed record RunLogs(IReadOnlyList<StepLogLines> Steps, bool RunFinished);

public sealed record StepLogLines(string Step, IReadOnlyList<string> Lines, long NextOffset);

/// <summary>What-if of every resource: the Terraform plan where the inputs are known, "known after apply" otherwise.</summary>
public sealed record PlanView(IReadOnlyList<ResourcePlanView> Resources);

/// <param name="Action">create, update, replace, delete, no-op, or pending (an upstream output is not known yet).</param>
/// <param name="Changes">Planned resource changes as <c>{address}: {actions}</c>.</param>
public sealed record ResourcePlanView(string Resource, string Action, IReadOnlyList<string> Changes, IReadOnlyList<string> UnknownInputs, FailureView? Failure)
{
    /// <summary>What the policies' plan rules say about this plan; a mandatory one here would refuse the apply.</summary>
    public IReadOnlyList<PolicyResultView> PolicyResults { get; init; } = [];
}

public sealed record TemplateSummary(string Name, string Version, string? Description, int ResourceCount)
{
    /// <summary><c>active</c>, <c>draft</c> (listed for platform admins only) or <c>deprecated</c>.</summary>
    public string Status { get; init; } = "active";
}

/// <summary>An environment still made from some version of a template (<c>GET /api/templates/{template}/environments</c>).</summary>
public sealed record TemplateUsage(string Project, string Name, string TemplateVersion, EnvironmentStatus Status, string CreatedBy, DateTimeOffset? ExpiresAt);

public sealed record TemplateUsagePage(IReadOnlyList<TemplateUsage> Items, string? ContinuationToken);

public sealed record TemplateDetails(
    string Name,
    string Version,
    string? Description,
    IReadOnlyList<InputSchema> Inputs,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Outputs,
    LifetimeView Lifetime)
{
    /// <summary><c>active</c>, <c>draft</c> or <c>deprecated</c>.</summary>
    public string Status { get; init; } = "active";
}

/// <summary>One input of an environment template, as a form or a client validates it.</summary>
public sealed record InputSchema(
    string Name,
    string Type,
    bool Required,
    JsonElement? Default,
    IReadOnlyList<JsonElement> Allowed,
    string? Pattern,
    decimal? Min,
    decimal? Max,
    bool Sensitive,
    string Override,
    string? Description);

public sealed record LifetimeView(TimeSpan? DefaultTtl, TimeSpan? MaxTtl, int? MaxExtensions, TimeSpan? MaxExtension, IReadOnlyList<TimeSpan> WarnBefore);
