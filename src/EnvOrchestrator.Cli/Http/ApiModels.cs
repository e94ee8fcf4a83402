using System.Text.Json;

namespace EnvOrchestrator.Cli.Http;

// envctl's reading of the API's views (src/EnvOrchestrator.Lifecycle/Contracts/Views.cs), kept here rather than
// referenced: the tool must not pull in the service's engine, and reads statuses as strings so new ones do not break it.

internal sealed record EnvironmentModel(
    string Project,
    string Name,
    string Template,
    string TemplateVersion,
    string Status,
    IReadOnlyDictionary<string, ValueModel>? Inputs,
    IReadOnlyList<ResourceModel>? Resources,
    IReadOnlyDictionary<string, ValueModel>? Outputs,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CreatedBy,
    DateTimeOffset? ExpiresAt,
    int ExtensionCount,
    string? CurrentRunId,
    FailureModel? Failure,
    IReadOnlyList<PolicyResultModel>? PolicyResults,
    ApprovalModel? Approval = null);

/// <summary>What the environment waits for an approver for (subject deploy or extension), or the last decision.</summary>
internal sealed record ApprovalModel(
    string Subject,
    string State,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<PolicyResultModel>? Reasons,
    string? Run,
    string? ExtendBy,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Reason);

internal sealed record ResourceModel(
    string Name,
    string Template,
    string? Version,
    string Status,
    int ApplyCount,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    FailureModel? Failure);

internal sealed record ValueModel(JsonElement? Value, bool Sensitive, bool Known = true);

internal sealed record FailureModel(string ErrorType, string Message, string? Detail, bool IsTransient, string? Resource, string? Log);

internal sealed record PolicyResultModel(string Policy, string Rule, string Enforcement, string? Resource, string Message);

internal sealed record EnvironmentPageModel(IReadOnlyList<EnvironmentModel> Items, string? ContinuationToken);

internal sealed record RunModel(
    string Id,
    string Kind,
    string Status,
    string? RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    FailureModel? Failure);

internal sealed record RunPageModel(IReadOnlyList<RunModel> Items, string? ContinuationToken);

internal sealed record RunLogsModel(IReadOnlyList<StepLogLinesModel> Steps, bool RunFinished);

internal sealed record StepLogLinesModel(string Step, IReadOnlyList<string> Lines, long NextOffset);

internal sealed record LogLineModel(string Step, string Line);

internal sealed record OperationModel(EnvironmentModel Environment, RunModel Run, string InstanceId, OperationLinksModel Links);

internal sealed record OperationLinksModel(string Status, string Environment, string Logs, string Cancel);

internal sealed record PlanModel(IReadOnlyList<ResourcePlanModel> Resources);

internal sealed record ResourcePlanModel(string Resource, string Action, IReadOnlyList<string>? Changes, IReadOnlyList<string>? UnknownInputs, FailureModel? Failure);

internal sealed record TemplateSummaryModel(string Name, string Version, string? Description, int ResourceCount);

internal sealed record TemplateDetailsModel(
    string Name,
    string Version,
    string? Description,
    IReadOnlyList<InputSchemaModel>? Inputs,
    IReadOnlyList<string>? Resources,
    IReadOnlyList<string>? Outputs,
    LifetimeModel? Lifetime);

internal sealed record InputSchemaModel(
    string Name,
    string Type,
    bool Required,
    JsonElement? Default,
    IReadOnlyList<JsonElement>? Allowed,
    string? Pattern,
    decimal? Min,
    decimal? Max,
    bool Sensitive,
    string? Description);

internal sealed record LifetimeModel(TimeSpan? DefaultTtl, TimeSpan? MaxTtl, int? MaxExtensions, TimeSpan? MaxExtension);
