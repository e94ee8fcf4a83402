using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Core.Approvals;

/// <summary>What waits for an approval: a deploy run, or an extension beyond what the caps or policies allow.</summary>
public enum ApprovalSubject
{
    Deploy,
    Extension,
}

public enum ApprovalOutcome
{
    Approved,
    Rejected,

    /// <summary>Nobody decided before <see cref="ApprovalRequest.ExpiresAt"/>.</summary>
    TimedOut,
}

/// <param name="By">Who decided, as runs record callers (<c>alice</c>, or <c>alice (via portal-bot)</c>); null for a time-out.</param>
public sealed record ApprovalDecision(ApprovalOutcome Outcome, string? By, string? Reason, DateTimeOffset At);

/// <summary>
/// A request for approval held by an environment (one at a time): why it is needed (the policy results that asked
/// for it), who asked, until when it may be decided, and the decision once made. The record, not the orchestration,
/// is the truth: the orchestration reads the decision from it, so a lost wake-up event only delays a deploy.
/// </summary>
public sealed record ApprovalRequest
{
    public required ApprovalSubject Subject { get; init; }

    /// <summary>The deploy run that waits; null for an extension.</summary>
    public RunId? Run { get; init; }

    /// <summary>How much longer the environment would live; null for a deploy.</summary>
    public TimeSpan? ExtendBy { get; init; }

    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>After this, the request can no longer be approved: a deploy fails, an extension lapses.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public ImmutableArray<PolicyResult> Reasons { get; init; } = [];

    public ApprovalDecision? Decision { get; init; }

    public bool IsPendingAt(DateTimeOffset now) => Decision is null && now < ExpiresAt;
}
