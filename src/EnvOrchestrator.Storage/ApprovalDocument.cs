using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Storage;

/// <summary>The stored form of an <see cref="ApprovalRequest"/>, inside the environment's document.</summary>
internal sealed record ApprovalDocument
{
    public required ApprovalSubject Subject { get; init; }

    public string? Run { get; init; }

    public TimeSpan? ExtendBy { get; init; }

    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public List<PolicyResult>? Reasons { get; init; }

    public ApprovalDecision? Decision { get; init; }

    public static ApprovalDocument? From(ApprovalRequest? a) => a is null ? null : new()
    {
        Subject = a.Subject,
        Run = a.Run?.Value,
        ExtendBy = a.ExtendBy,
        RequestedBy = a.RequestedBy,
        RequestedAt = a.RequestedAt,
        ExpiresAt = a.ExpiresAt,
        Reasons = a.Reasons.IsDefaultOrEmpty ? null : [.. a.Reasons],
        Decision = a.Decision,
    };

    public ApprovalRequest ToRecord() => new()
    {
        Subject = Subject,
        Run = Run is null ? null : RunId.Parse(Run),
        ExtendBy = ExtendBy,
        RequestedBy = RequestedBy,
        RequestedAt = RequestedAt,
        ExpiresAt = ExpiresAt,
        Reasons = Reasons is null ? [] : [.. Reasons],
        Decision = Decision,
    };
}
