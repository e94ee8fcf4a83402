using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Approvals;

/// <summary>
/// The "approval-gate" policy (TestCatalog/policies) on project "gated": deploys wait in AwaitingApproval on a durable
/// event, with real Terraform behind them; extensions beyond its maxTtl are held for an approver.
/// </summary>
public sealed class ApprovalTests(ITestOutputHelper output)
{
    private const string Project = "gated";

    [Fact(Timeout = 150_000)]
    public async Task Create_ApprovalPolicy_WaitsWithoutApplyingUntilAnotherPersonApproves()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse(Project, "wanted");

        var created = await CreateAsync(host, "wanted");
        Assert.Equal(EnvironmentStatus.AwaitingApproval, created.Environment.Status);
        var pending = created.Environment.Approval!;
        Assert.Equal(("deploy", "pending", "alice", created.Run.Id), (pending.Subject, pending.State, pending.RequestedBy, pending.Run));
        Assert.Equal(
            [new PolicyResultView("approval-gate", "requireApproval", "approval", null, "Policy 'approval-gate' requires an approval for template tagged in project 'gated'.")],
            pending.Reasons);

        // The orchestration has started and parked: the run is queued, nothing was applied, no state exists.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var waiting = await host.Environments.FindAsync(id, CancellationToken.None);
        Assert.Equal(EnvironmentStatus.AwaitingApproval, waiting!.Status);
        Assert.Equal(0, waiting.FindResource("box")!.ApplyCount);
        Assert.Equal(RunStatus.Queued, (await host.Runs.FindAsync(id, RunId.Parse(created.Run.Id), CancellationToken.None))!.Status);

        var self = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "wanted", true, null, "alice (via portal-bot)"), CancellationToken.None);
        Assert.Equal((ProblemCodes.Forbidden, ApprovalErrorCodes.SelfApproval), (self.Problem!.Code, self.Problem.Rule));

        var approved = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "wanted", true, "  looks fine ", "bob"), CancellationToken.None);
        Assert.True(approved.Succeeded, approved.Problem?.Detail);
        Assert.Equal(("approved", "bob", "looks fine"), (approved.Value!.Approval!.State, approved.Value.Approval.DecidedBy, approved.Value.Approval.Reason));
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.Equal(1, ready.FindResource("box")!.ApplyCount);
        Assert.NotNull(await host.StateStore.GetStateAsync(TerraformStateAddress.Create(Project, "wanted.box"), CancellationToken.None));
        var again = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "wanted", false, "too late", "carol"), CancellationToken.None);
        Assert.Equal((ProblemCodes.Conflict, ApprovalErrorCodes.AlreadyDecided), (again.Problem!.Code, again.Problem.Rule));
    }

    [Fact(Timeout = 150_000)]
    public async Task Reject_PendingDeploy_FailsWithTheReasonAndARetryAsksAgain()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse(Project, "unwanted");
        await CreateAsync(host, "unwanted");

        var bare = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "unwanted", false, " ", "bob"), CancellationToken.None);
        Assert.Equal((ProblemCodes.InvalidRequest, "reason", ApprovalErrorCodes.ReasonRequired), (bare.Problem!.Code, bare.Problem.Field, bare.Problem.Rule));
        Assert.Null((await host.Environments.FindAsync(id, CancellationToken.None))!.Approval!.Decision);

        var rejected = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "unwanted", false, "use the shared cache", "bob"), CancellationToken.None);
        Assert.True(rejected.Succeeded, rejected.Problem?.Detail);
        var failed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        Assert.Equal(("Approval.Rejected", "Rejected by bob: use the shared cache"), (failed.Failure!.ErrorType, failed.Failure.Message));
        Assert.Equal(0, failed.FindResource("box")!.ApplyCount);
        Assert.Null(await host.StateStore.GetStateAsync(TerraformStateAddress.Create(Project, "unwanted.box"), CancellationToken.None));

        var retried = await host.Service.RetryAsync(new EnvironmentCommand(Project, "unwanted", "alice"), CancellationToken.None);
        Assert.True(retried.Succeeded, retried.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.AwaitingApproval, retried.Value!.Environment.Status);
        Assert.Equal(("pending", retried.Value.Run.Id), (retried.Value.Environment.Approval!.State, retried.Value.Environment.Approval.Run));
    }

    [Fact(Timeout = 120_000)]
    public async Task Create_NobodyDecidesBeforeTheTimeout_FailsAsTimedOut()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.Approvals.Timeout = TimeSpan.FromSeconds(4));
        var id = EnvironmentId.Parse(Project, "forgotten");
        await CreateAsync(host, "forgotten");

        var failed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        Assert.Equal("Approval.TimedOut", failed.Failure!.ErrorType);
        Assert.Equal(ApprovalOutcome.TimedOut, failed.Approval!.Decision!.Outcome);
        Assert.Null(failed.Approval.Decision.By);
        var late = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "forgotten", true, null, "bob"), CancellationToken.None);
        Assert.Equal((ProblemCodes.Conflict, ApprovalErrorCodes.AlreadyDecided), (late.Problem!.Code, late.Problem.Rule));
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancel_WhileAwaitingApproval_CancelledAndNothingApplied()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse(Project, "withdrawn");
        await CreateAsync(host, "withdrawn");

        var cancel = await host.Service.CancelAsync(new EnvironmentCommand(Project, "withdrawn", "alice"), CancellationToken.None);
        Assert.True(cancel.Succeeded, cancel.Problem?.Detail);
        var cancelled = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(EnvironmentStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, cancelled.FindResource("box")!.ApplyCount);
        var approve = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "withdrawn", true, null, "bob"), CancellationToken.None);
        Assert.Equal((ProblemCodes.Conflict, ApprovalErrorCodes.NonePending), (approve.Problem!.Code, approve.Problem.Rule));
    }

    [Fact(Timeout = 120_000)]
    public async Task Approve_DecisionRecordedButWakeUpLost_DeployStartsAtTheNextRecheck()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.Approvals.RecheckInterval = TimeSpan.FromSeconds(2));
        var id = EnvironmentId.Parse(Project, "quiet");
        await CreateAsync(host, "quiet");

        // What a crash between storing the decision and raising the event leaves: the decision alone.
        var stored = await host.Environments.FindAsync(id, CancellationToken.None);
        var decision = ApprovalRules.Decide(stored!.Approval, ApprovalOutcome.Approved, "bob", null, allowSelfApproval: false, DateTimeOffset.UtcNow);
        Assert.True((await host.Environments.SaveAsync(stored with { Approval = decision.Value }, stored.Version!, CancellationToken.None)).Succeeded);

        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
    }

    [Fact(Timeout = 150_000)]
    public async Task Extend_BeyondTheApprovalPolicysMaxTtl_HeldUntilApprovedThenApplied()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.Approvals.AllowSelfApproval = true);
        var id = EnvironmentId.Parse(Project, "longer");
        await CreateAsync(host, "longer");
        Assert.True((await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "longer", true, null, "alice"), CancellationToken.None)).Succeeded);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);

        var within = await host.Service.ExtendAsync(new ExtendEnvironmentCommand(Project, "longer", TimeSpan.FromMinutes(30), "alice"), CancellationToken.None);
        Assert.True(within.Succeeded, within.Problem?.Detail);
        Assert.False(within.Value!.SentForApproval);
        Assert.Equal(ready.ExpiresAt + TimeSpan.FromMinutes(30), within.Value.ExpiresAt);

        var held = await host.Service.ExtendAsync(new ExtendEnvironmentCommand(Project, "longer", TimeSpan.FromHours(2), "alice"), CancellationToken.None);
        Assert.True(held.Succeeded, held.Problem?.Detail);
        Assert.True(held.Value!.SentForApproval);
        Assert.Equal(within.Value.ExpiresAt, held.Value.ExpiresAt);
        Assert.Equal(("extension", "pending", TimeSpan.FromHours(2)), (held.Value.Approval!.Subject, held.Value.Approval.State, held.Value.Approval.ExtendBy));
        Assert.Equal("Policy 'approval-gate' limits the TTL to 2h; the environment would live 3h30m.", Assert.Single(held.Value.Approval.Reasons).Message);

        var second = await host.Service.ExtendAsync(new ExtendEnvironmentCommand(Project, "longer", TimeSpan.FromHours(3), "alice"), CancellationToken.None);
        Assert.Equal((ProblemCodes.Conflict, ApprovalErrorCodes.Pending), (second.Problem!.Code, second.Problem.Rule));

        var approved = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "longer", true, "release week", "alice"), CancellationToken.None);
        Assert.True(approved.Succeeded, approved.Problem?.Detail);
        Assert.Equal(within.Value.ExpiresAt + TimeSpan.FromHours(2), approved.Value!.ExpiresAt);
        Assert.Equal(2, approved.Value.ExtensionCount);
    }

    [Fact(Timeout = 120_000)]
    public async Task Extend_AboveATemplateCapWithApprovalsAboveCaps_RejectedKeepsTheExpiry()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.Approvals.ExtensionsAboveCaps = true);
        var id = EnvironmentId.Parse("team-a", "capped-ext");
        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-a", "capped-ext", "tagged", TestInputs.Of(), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        // The template allows one extension of at most 4h: 5h is above its cap.
        var held = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("team-a", "capped-ext", TimeSpan.FromHours(5), "alice"), CancellationToken.None);
        Assert.True(held.Value!.SentForApproval);
        var reason = Assert.Single(held.Value.Approval!.Reasons);
        Assert.Equal(("lifetime caps", DomainErrorCodes.ExtensionTooLong, "approval"), (reason.Policy, reason.Rule, reason.Enforcement));

        var rejected = await host.Service.DecideApprovalAsync(new DecideApprovalCommand("team-a", "capped-ext", false, "ask for a bigger quota instead", "bob"), CancellationToken.None);
        Assert.True(rejected.Succeeded, rejected.Problem?.Detail);
        Assert.Equal(("rejected", ready.ExpiresAt), (rejected.Value!.Approval!.State, rejected.Value.ExpiresAt));
        Assert.Equal(EnvironmentStatus.Ready, rejected.Value.Status);
    }

    [Fact(Timeout = 150_000)]
    public async Task Approve_CancelStoredButItsEventLost_RunEndsCancelledWithNothingApplied()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse(Project, "dropped");
        var created = await CreateAsync(host, "dropped");
        var runId = RunId.Parse(created.Run.Id);

        // What a cancel leaves when its event reached the orchestration before its start and was dropped: the request
        // on the run, and no event. Stored directly, so nothing but the record can stop the run.
        var run = await host.Runs.FindAsync(id, runId, CancellationToken.None);
        Assert.True((await host.Runs.SaveAsync(run! with { CancelRequest = new RunCancelRequest("carol", DateTimeOffset.UtcNow) }, run.Version!, CancellationToken.None)).Succeeded);
        var approved = await host.Service.DecideApprovalAsync(new DecideApprovalCommand(Project, "dropped", true, null, "bob"), CancellationToken.None);
        Assert.True(approved.Succeeded, approved.Problem?.Detail);
        var settled = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Cancelled, settled.Status);
        Assert.Equal((ResourceStatus.Skipped, 0), (settled.FindResource("box")!.Status, settled.FindResource("box")!.ApplyCount));
        Assert.Equal(RunStatus.Cancelled, (await host.Runs.FindAsync(id, runId, CancellationToken.None))!.Status);
        Assert.Null(await host.StateStore.GetStateAsync(TerraformStateAddress.Create(Project, "dropped.box"), CancellationToken.None));
    }

    private static async Task<OperationAccepted> CreateAsync(LifecycleHost host, string name)
    {
        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand(Project, name, "tagged", TestInputs.Of(), TimeSpan.FromHours(1), "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        return created.Value!;
    }
}
