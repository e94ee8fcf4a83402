using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Storage;

/// <summary>
/// The stored JSON form of a <see cref="RunRecord"/>; the steps and policy results live inside the run, as they are
/// written together (a long document goes to a blob, see <see cref="DocumentColumns"/>).
/// </summary>
internal sealed record RunDocument
{
    public required string Project { get; init; }

    public required string Environment { get; init; }

    public required string Id { get; init; }

    public required RunKind Kind { get; init; }

    public required RunStatus Status { get; init; }

    public required string RequestedBy { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public FailureDetails? Failure { get; init; }

    public required List<RunStep> Steps { get; init; }

    /// <summary>Null in documents written before runs carried policy results, and when there are none.</summary>
    public List<PolicyResult>? PolicyResults { get; init; }

    public PolicyOverride? Override { get; init; }

    public string? CatalogSource { get; init; }

    public string? CatalogCommit { get; init; }

    /// <summary>Null in documents written before runs recorded cancels, and when none was asked for.</summary>
    public RunCancelRequest? CancelRequest { get; init; }

    public static RunDocument From(RunRecord run) => new()
    {
        Project = run.Environment.Project.Value,
        Environment = run.Environment.Name.Value,
        Id = run.Id.Value,
        Kind = run.Kind,
        Status = run.Status,
        RequestedBy = run.RequestedBy,
        StartedAt = run.StartedAt,
        CompletedAt = run.CompletedAt,
        Failure = run.Failure,
        Steps = [.. run.Steps],
        PolicyResults = run.PolicyResults.IsEmpty ? null : [.. run.PolicyResults],
        Override = run.Override,
        CatalogSource = run.CatalogSource,
        CatalogCommit = run.CatalogCommit,
        CancelRequest = run.CancelRequest,
    };

    public RunRecord ToRecord(string version) => new()
    {
        Id = RunId.Parse(Id),
        Environment = EnvironmentId.Parse(Project, Environment),
        Kind = Kind,
        Status = Status,
        RequestedBy = RequestedBy,
        StartedAt = StartedAt,
        CompletedAt = CompletedAt,
        Failure = Failure,
        Steps = [.. Steps],
        PolicyResults = PolicyResults is null ? [] : [.. PolicyResults],
        Override = Override,
        CatalogSource = CatalogSource,
        CatalogCommit = CatalogCommit,
        CancelRequest = CancelRequest,
        Version = version,
    };
}
