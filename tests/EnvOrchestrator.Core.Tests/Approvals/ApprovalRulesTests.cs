using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Core.Tests.Approvals;

public sealed class ApprovalRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static readonly ApprovalRequest Pending = new()
    {
        Subject = ApprovalSubject.Deploy,
        Run = RunId.New(Now),
        RequestedBy = "alice (via portal-bot)",
        RequestedAt = Now,
        ExpiresAt = Now.AddHours(1),
        Reasons = [new PolicyResult("gate", "requireApproval", PolicyEnforcement.Approval, null, "needs a yes")],
    };

    [Fact]
    public void Decide_AnotherPersonApproves_DecisionRecordedWithTrimmedReason()
    {
        var decided = ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, "bob", "  fine  ", allowSelfApproval: false, Now.AddMinutes(5));

        Assert.True(decided.Succeeded);
        Assert.Equal(new ApprovalDecision(ApprovalOutcome.Approved, "bob", "fine", Now.AddMinutes(5)), decided.Value!.Decision);
        Assert.Equal(Pending.Reasons, decided.Value.Reasons);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData("alice (via chat-bot)")]
    public void Decide_TheRequesterByAnyRoute_RefusedAsSelfApproval(string decider)
    {
        var decided = ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, decider, null, allowSelfApproval: false, Now);

        Assert.Equal(ApprovalErrorCodes.SelfApproval, decided.Problem!.Code);
    }

    [Fact]
    public void Decide_TheRequesterWhenSelfApprovalAllowed_Approved()
    {
        var decided = ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, "alice", null, allowSelfApproval: true, Now);

        Assert.Equal(ApprovalOutcome.Approved, decided.Value!.Decision!.Outcome);
    }

    [Fact]
    public void Decide_PortalBotActingForAnotherPerson_NotSelfApproval()
    {
        var decided = ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, "carol (via portal-bot)", null, allowSelfApproval: false, Now);

        Assert.Equal("carol (via portal-bot)", decided.Value!.Decision!.By);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Decide_RejectWithoutReason_RefusedAndApproveWithoutReasonAllowed(string? reason)
    {
        Assert.Equal(ApprovalErrorCodes.ReasonRequired, ApprovalRules.Decide(Pending, ApprovalOutcome.Rejected, "bob", reason, false, Now).Problem!.Code);
        Assert.Null(ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, "bob", reason, false, Now).Value!.Decision!.Reason);
    }

    [Fact]
    public void Decide_AtOrAfterTheDeadline_RefusedAsExpired()
    {
        Assert.Equal(ApprovalErrorCodes.Expired, ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, "bob", null, false, Pending.ExpiresAt).Problem!.Code);
        Assert.True(ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, "bob", null, false, Pending.ExpiresAt.AddTicks(-1)).Succeeded);
    }

    [Fact]
    public void Decide_AlreadyDecidedOrNothingPending_Refused()
    {
        var decided = ApprovalRules.Decide(Pending, ApprovalOutcome.Rejected, "bob", "no", false, Now).Value;

        var again = ApprovalRules.Decide(decided, ApprovalOutcome.Approved, "carol", null, false, Now);
        Assert.Equal(ApprovalErrorCodes.AlreadyDecided, again.Problem!.Code);
        Assert.Contains("rejected by bob", again.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalErrorCodes.NonePending, ApprovalRules.Decide(null, ApprovalOutcome.Approved, "carol", null, false, Now).Problem!.Code);
    }

    [Fact]
    public void TimeOut_OnlyAPendingRequestPastItsDeadline_RecordedWithoutADecider()
    {
        Assert.Same(Pending, ApprovalRules.TimeOut(Pending, Pending.ExpiresAt.AddTicks(-1)));
        Assert.Equal(new ApprovalDecision(ApprovalOutcome.TimedOut, null, null, Pending.ExpiresAt), ApprovalRules.TimeOut(Pending, Pending.ExpiresAt).Decision);
        var approved = ApprovalRules.Decide(Pending, ApprovalOutcome.Approved, "bob", null, false, Now).Value!;
        Assert.Same(approved, ApprovalRules.TimeOut(approved, Pending.ExpiresAt.AddDays(1)));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice (via portal-bot)", "alice")]
    [InlineData("(via x)", "(via x)")]
    public void PersonOf_RecordedCaller_ThePersonBehindIt(string caller, string person) =>
        Assert.Equal(person, ApprovalRules.PersonOf(caller));
}
