using System.Collections.Immutable;
using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Values;

namespace EnvOrchestrator.Lifecycle;

/// <summary>Maps records to the views callers get; sensitive values are masked here, in one place.</summary>
internal static class ViewMapper
{
    public static EnvironmentView ToView(EnvironmentRecord e) => new(
        e.Id.Project.Value,
        e.Id.Name.Value,
        e.Template.Name,
        e.TemplateVersion.ToString(),
        e.Status,
        Mask(e.Inputs),
        [.. e.Resources.Select(r => new ResourceView(
            r.Name, r.Template.ToString(), r.ResolvedVersion?.ToString(), r.Status, Mask(r.Outputs), r.ApplyCount, r.StartedAt, r.CompletedAt, ToView(r.Failure, r.Name, r.LastLog)))],
        Mask(e.Outputs),
        e.CreatedAt,
        e.UpdatedAt,
        e.CreatedBy,
        e.ExpiresAt,
        e.ExtensionCount,
        e.CurrentRunId?.Value,
        e.Failure is null ? null : ToView(e.Failure, e.FailedResource?.ResourceName, e.FailedResource?.Log),
        e.Version ?? string.Empty)
    {
        Approval = e.Approval is { } approval ? ToView(approval) : null,
    };

    public static ApprovalView ToView(ApprovalRequest a) => new(
        a.Subject.ToString().ToLowerInvariant(),
        a.Decision?.Outcome switch
        {
            ApprovalOutcome.Approved => "approved",
            ApprovalOutcome.Rejected => "rejected",
            ApprovalOutcome.TimedOut => "timed-out",
            _ => "pending",
        },
        a.RequestedBy,
        a.RequestedAt,
        a.ExpiresAt,
        ToViews(a.Reasons),
        a.Run?.Value,
        a.ExtendBy,
        a.Decision?.By,
        a.Decision?.At,
        a.Decision?.Reason);

    public static RunView ToView(RunRecord r) => new(
        r.Id.Value,
        r.Environment.Project.Value,
        r.Environment.Name.Value,
        r.Kind,
        r.Status,
        r.RequestedBy,
        r.RequestedAt,
        r.StartedAt,
        r.CompletedAt,
        ToView(r.Failure, null, null),
        [.. r.Steps.Select(s => new StepView(s.LogName, s.Resource, s.Action, s.Status, s.Attempt, s.StartedAt, s.CompletedAt, ToView(s.Failure, s.Resource, null)))],
        ToViews(r.PolicyResults))
    {
        Override = r.Override is { } o ? new OverrideView(o.By, o.Reason, o.At) : null,
        Catalog = r.CatalogSource is { } source ? new CatalogView(source, r.CatalogCommit) : null,
        CancelRequest = r.CancelRequest is { } c ? new CancelRequestView(c.By, c.At) : null,
    };

    public static IReadOnlyList<PolicyResultView> ToViews(ImmutableArray<PolicyResult> results) =>
        [.. results.Select(p => new PolicyResultView(p.Policy, p.Rule, p.Enforcement.ToString().ToLowerInvariant(), p.Resource, p.Message))];

    public static FailureView? ToView(FailureDetails? failure, string? resource, StepLogId? log) =>
        failure is null ? null : new FailureView(failure.ErrorType, failure.Message, failure.Detail, failure.IsTransient, resource, log?.StepName);

    public static IReadOnlyDictionary<string, ValueView> Mask(ImmutableSortedDictionary<string, Value> values) =>
        values.ToDictionary(
            v => v.Key,
            v => JsonValues.ContainsSensitive(v.Value) ? new ValueView(null, true, !v.Value.ContainsUnknown)
                : v.Value.ContainsUnknown ? new ValueView(null, false, false)
                : new ValueView(JsonValues.ToJson(v.Value), false),
            StringComparer.Ordinal);

    public static TemplateSummary ToSummary(EnvironmentTemplate t) => new(t.Name, t.Version.ToString(), t.Description, t.Resources.Length) { Status = StatusName(t.Status) };

    public static string StatusName(TemplateStatus status) => status.ToString().ToLowerInvariant();

    public static TemplateDetails ToDetails(EnvironmentTemplate t) => new(
        t.Name,
        t.Version.ToString(),
        t.Description,
        [.. t.Inputs.Select(i => new InputSchema(
            i.Name,
            ValueKindNames.ToName(i.Type),
            i.IsRequired,
            i.Default is null || i.Sensitive ? null : JsonValues.ToJson(i.Default),
            [.. i.Allowed.Select(JsonValues.ToJson)],
            i.Pattern,
            i.Min,
            i.Max,
            i.Sensitive,
            i.Override.ToString().ToLowerInvariant(),
            i.Description))],
        [.. t.Resources.Select(r => r.Name)],
        [.. t.Outputs.Select(o => o.Name)],
        new LifetimeView(t.Lifetime.DefaultTtl, t.Lifetime.MaxTtl, t.Lifetime.MaxExtensions, t.Lifetime.MaxExtension, [.. t.Lifetime.WarnBefore]))
    {
        Status = StatusName(t.Status),
    };
}
