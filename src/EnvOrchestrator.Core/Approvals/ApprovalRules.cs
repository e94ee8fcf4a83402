using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Approvals;

/// <summary>
/// Who may decide an approval and when: only a pending request (not decided, not expired); never the person who
/// asked for it, unless separation of duties is turned off; a reason is required to reject.
/// </summary>
public static class ApprovalRules
{
    public const int MaxReasonLength = 1000;

    public static DomainResult<ApprovalRequest> Decide(
        ApprovalRequest? request, ApprovalOutcome outcome, string decidedBy, string? reason, bool allowSelfApproval, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(decidedBy);
        if (request is null)
        {
            return DomainResult.Failure<ApprovalRequest>(ApprovalErrorCodes.NonePending, "Nothing is waiting for approval on this environment.");
        }

        if (request.Decision is { } decided)
        {
            return DomainResult.Failure<ApprovalRequest>(ApprovalErrorCodes.AlreadyDecided, $"The approval was already decided: {decided.Outcome.ToString().ToLowerInvariant()}{(decided.By is null ? "" : $" by {decided.By}")}.");
        }

        if (now >= request.ExpiresAt)
        {
            return DomainResult.Failure<ApprovalRequest>(ApprovalErrorCodes.Expired, $"The approval request expired at {request.ExpiresAt:u}.");
        }

        var decider = PersonOf(decidedBy);
        if (!allowSelfApproval && string.Equals(decider, PersonOf(request.RequestedBy), StringComparison.OrdinalIgnoreCase))
        {
            return DomainResult.Failure<ApprovalRequest>(ApprovalErrorCodes.SelfApproval, $"'{decider}' asked for this and may not decide it; another approver must.");
        }

        if (outcome == ApprovalOutcome.Rejected && string.IsNullOrWhiteSpace(reason))
        {
            return DomainResult.Failure<ApprovalRequest>(ApprovalErrorCodes.ReasonRequired, "A rejection needs a reason.");
        }

        return DomainResult.Success(request with { Decision = new ApprovalDecision(outcome, decidedBy, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), now) });
    }

    /// <summary>The person behind a recorded caller: <c>alice</c> for <c>alice (via portal-bot)</c>, so a bot cannot approve what it asked for a person.</summary>
    public static string PersonOf(string caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var via = caller.IndexOf(" (via ", StringComparison.Ordinal);
        return via < 0 ? caller : caller[..via];
    }

    /// <summary>Records a time-out on a request nobody decided before it expired; anything else is returned unchanged.</summary>
    public static ApprovalRequest TimeOut(ApprovalRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Decision is null && now >= request.ExpiresAt
            ? request with { Decision = new ApprovalDecision(ApprovalOutcome.TimedOut, null, null, now) }
            : request;
    }
}

/// <summary>The stable codes of approval refusals (<see cref="DomainError.Code"/>).</summary>
public static class ApprovalErrorCodes
{
    public const string NonePending = "approval.none-pending";
    public const string AlreadyDecided = "approval.already-decided";
    public const string Expired = "approval.expired";
    public const string SelfApproval = "approval.self-approval";
    public const string ReasonRequired = "approval.reason-required";
    public const string Pending = "approval.pending";
}
