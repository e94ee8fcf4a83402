using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Storage;

/// <summary>
/// The stored JSON form of an <see cref="EnvironmentRecord"/>, kept separate from the domain type so that the
/// domain can change shape without breaking stored rows (the entity carries a schema version).
/// </summary>
internal sealed record EnvironmentDocument
{
    public required string Project { get; init; }

    public required string Name { get; init; }

    public required string Template { get; init; }

    public required string TemplateVersion { get; init; }

    public required EnvironmentStatus Status { get; init; }

    public required Dictionary<string, Value> Inputs { get; init; }

    public required List<ResourceDocument> Resources { get; init; }

    public required Dictionary<string, Value> Outputs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public int ExtensionCount { get; init; }

    public string? CurrentRunId { get; init; }

    public FailureDetails? Failure { get; init; }

    public ResourceFailureDocument? FailedResource { get; init; }

    public ApprovalDocument? Approval { get; init; }

    public static EnvironmentDocument From(EnvironmentRecord e) => new()
    {
        Project = e.Id.Project.Value,
        Name = e.Id.Name.Value,
        Template = e.Template.ToString(),
        TemplateVersion = e.TemplateVersion.ToString(),
        Status = e.Status,
        Inputs = new Dictionary<string, Value>(e.Inputs, StringComparer.Ordinal),
        Resources = [.. e.Resources.Select(ResourceDocument.From)],
        Outputs = new Dictionary<string, Value>(e.Outputs, StringComparer.Ordinal),
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
        CreatedBy = e.CreatedBy,
        ExpiresAt = e.ExpiresAt,
        ExtensionCount = e.ExtensionCount,
        CurrentRunId = e.CurrentRunId?.Value,
        Failure = e.Failure,
        FailedResource = e.FailedResource is { } f ? new ResourceFailureDocument(f.ResourceName, f.Details, LogDocument.From(f.Log)) : null,
        Approval = ApprovalDocument.From(e.Approval),
    };

    public EnvironmentRecord ToRecord(string version)
    {
        var id = EnvironmentId.Parse(Project, Name);
        return new EnvironmentRecord
        {
            Id = id,
            Template = DocumentValues.Reference(Template),
            TemplateVersion = DocumentValues.Version(TemplateVersion),
            Status = Status,
            Inputs = DocumentValues.Sorted(Inputs),
            Resources = [.. Resources.Select(r => r.ToRecord(id))],
            Outputs = DocumentValues.Sorted(Outputs),
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
            CreatedBy = CreatedBy,
            ExpiresAt = ExpiresAt,
            ExtensionCount = ExtensionCount,
            CurrentRunId = CurrentRunId is null ? null : RunId.Parse(CurrentRunId),
            Failure = Failure,
            FailedResource = FailedResource is { } f ? new ResourceFailure(f.ResourceName, f.Details, f.Log?.ToId(id)) : null,
            Approval = Approval?.ToRecord(),
            Version = version,
        };
    }
}

internal sealed record ResourceDocument
{
    public required string Name { get; init; }

    public required string Template { get; init; }

    public string? ResolvedVersion { get; init; }

    public required ResourceStatus Status { get; init; }

    public required Dictionary<string, Value> Inputs { get; init; }

    public required Dictionary<string, Value> Outputs { get; init; }

    public string? StateAddress { get; init; }

    public int ApplyCount { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public FailureDetails? Failure { get; init; }

    public LogDocument? LastLog { get; init; }

    public static ResourceDocument From(ResourceRecord r) => new()
    {
        Name = r.Name,
        Template = r.Template.ToString(),
        ResolvedVersion = r.ResolvedVersion?.ToString(),
        Status = r.Status,
        Inputs = new Dictionary<string, Value>(r.Inputs, StringComparer.Ordinal),
        Outputs = new Dictionary<string, Value>(r.Outputs, StringComparer.Ordinal),
        StateAddress = r.StateAddress,
        ApplyCount = r.ApplyCount,
        StartedAt = r.StartedAt,
        CompletedAt = r.CompletedAt,
        Failure = r.Failure,
        LastLog = LogDocument.From(r.LastLog),
    };

    public ResourceRecord ToRecord(EnvironmentId environment) => new()
    {
        Name = Name,
        Template = DocumentValues.Reference(Template),
        ResolvedVersion = ResolvedVersion is null ? null : DocumentValues.Version(ResolvedVersion),
        Status = Status,
        Inputs = DocumentValues.Sorted(Inputs),
        Outputs = DocumentValues.Sorted(Outputs),
        StateAddress = StateAddress,
        ApplyCount = ApplyCount,
        StartedAt = StartedAt,
        CompletedAt = CompletedAt,
        Failure = Failure,
        LastLog = LastLog?.ToId(environment),
    };
}

internal sealed record ResourceFailureDocument(string ResourceName, FailureDetails Details, LogDocument? Log);

/// <summary>A step log reference inside an environment's document; the environment is implied by the row.</summary>
internal sealed record LogDocument(string Run, string Step)
{
    public static LogDocument? From(StepLogId? log) => log is null ? null : new LogDocument(log.Run.Value, log.StepName);

    public StepLogId ToId(EnvironmentId environment) => new(environment, RunId.Parse(Run), Step);
}

internal static class DocumentValues
{
    public static ImmutableSortedDictionary<string, Value> Sorted(Dictionary<string, Value>? values) =>
        (values ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal);

    public static TemplateReference Reference(string text) =>
        TemplateReference.TryParse(text, out var reference) ? reference : throw new FormatException("Stored template reference is invalid: " + text);

    public static SemVersion Version(string text) =>
        SemVersion.TryParse(text, out var version) ? version.Value : throw new FormatException("Stored version is invalid: " + text);
}
