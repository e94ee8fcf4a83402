using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;

namespace EnvOrchestrator.Mcp.Tools;

/// <summary>
/// What an agent polls: the environment's status, each resource's, the outputs (sensitive ones masked exactly as the
/// API masks them: value null, <c>sensitive</c> true) and how long it has left. <see cref="Settled"/> says whether to
/// keep polling.
/// </summary>
/// <param name="TimeLeft">Until <see cref="ExpiresAt"/>, rounded to the second (zero once past; null without an expiry or once destroyed).</param>
internal sealed record EnvironmentStatusView(
    string Project,
    string Name,
    string Template,
    string TemplateVersion,
    EnvironmentStatus Status,
    bool Settled,
    IReadOnlyList<ResourceStatusView> Resources,
    IReadOnlyDictionary<string, ValueView> Outputs,
    DateTimeOffset? ExpiresAt,
    TimeSpan? TimeLeft,
    int ExtensionCount,
    string CreatedBy,
    string? CurrentRunId,
    FailureView? Failure,
    IReadOnlyList<PolicyResultView>? PolicyResults)
{
    public static EnvironmentStatusView From(EnvironmentView environment, DateTimeOffset now) => new(
        environment.Project,
        environment.Name,
        environment.Template,
        environment.TemplateVersion,
        environment.Status,
        environment.CurrentRunId is null,
        [.. environment.Resources.Select(r => new ResourceStatusView(r.Name, r.Template, r.Version, r.Status, r.Outputs, r.Failure))],
        environment.Outputs,
        environment.ExpiresAt,
        environment.ExpiresAt is { } expires && environment.Status != EnvironmentStatus.Destroyed ? TimeSpan.FromSeconds(Math.Max(0, Math.Round((expires - now).TotalSeconds))) : null,
        environment.ExtensionCount,
        environment.CreatedBy,
        environment.CurrentRunId,
        environment.Failure,
        environment.PolicyResults);
}

internal sealed record ResourceStatusView(
    string Name,
    string Template,
    string? Version,
    ResourceStatus Status,
    IReadOnlyDictionary<string, ValueView> Outputs,
    FailureView? Failure);

/// <summary>A long operation was accepted: poll <c>environment_status</c> until <see cref="EnvironmentStatusView.Settled"/>.</summary>
internal sealed record OperationStarted(EnvironmentStatusView Environment, string RunId, RunKind RunKind, RunStatus RunStatus, string Next);
