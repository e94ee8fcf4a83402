using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.UseCases.Lifetimes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Approvals;

/// <summary>
/// Records an approver's decision on the environment (durable before anything else happens), then acts on it: a
/// waiting deploy is woken (it reads the decision from the record, so a lost wake-up only delays it until its next
/// re-check); an approved extension is applied beyond the caps that asked for the approval.
/// </summary>
internal sealed class DecideApprovalHandler(
    RunLedger ledger,
    IRunStore runs,
    LifetimeTimers lifetimes,
    EnvironmentEvents events,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<DecideApprovalHandler> logger)
{
    public async Task<LifecycleResult<EnvironmentView>> HandleAsync(DecideApprovalCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentView>(problem!);
        }

        if (command.Reason is { } reason && (reason.Length > ApprovalRules.MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))))
        {
            return Problem<EnvironmentView>(ProblemCodes.InvalidRequest, $"A reason is at most {ApprovalRules.MaxReasonLength} characters, without control characters.", "reason", "approval.invalid-reason");
        }

        var now = time.GetUtcNow();
        var outcome = command.Approve ? ApprovalOutcome.Approved : ApprovalOutcome.Rejected;
        var decided = await ledger.AmendEnvironmentAsync(id, e => Decide(e, outcome, command, now), cancellationToken).ConfigureAwait(false);
        if (!decided.Succeeded)
        {
            return LifecycleResult.Failure<EnvironmentView>(ToProblem(decided.Problem));
        }

        var environment = decided.Value!;
        var approval = environment.Approval!;
        logger.ApprovalDecided(id.Project.Value, id.Name.Value, approval.Subject, outcome, command.RequestedBy);
        if (approval is { Subject: ApprovalSubject.Deploy, Run: { } runId } && await runs.FindAsync(id, runId, cancellationToken).ConfigureAwait(false) is { } run)
        {
            await client.RaiseEventAsync(LifecycleInstanceIds.ForRun(id, run.Kind, run.Id), LifecycleEvents.Approval, outcome.ToString(), cancellationToken).ConfigureAwait(false);
        }
        else if (approval.Subject == ApprovalSubject.Extension && outcome == ApprovalOutcome.Approved)
        {
            await lifetimes.EnsureAsync(environment, raiseExtended: true, cancellationToken).ConfigureAwait(false);
            await events.ExtendedAsync(environment, command.RequestedBy, cancellationToken).ConfigureAwait(false);
        }

        return LifecycleResult.Success(ViewMapper.ToView(environment));
    }

    private DomainResult<EnvironmentRecord> Decide(EnvironmentRecord environment, ApprovalOutcome outcome, DecideApprovalCommand command, DateTimeOffset now)
    {
        var decided = ApprovalRules.Decide(environment.Approval, outcome, command.RequestedBy, command.Reason, options.Value.Approvals.AllowSelfApproval, now);
        if (!decided.Succeeded)
        {
            return DomainResult.Failure<EnvironmentRecord>(decided.Problem.Code, decided.Problem.Message);
        }

        var approval = decided.Value!;
        if (approval.Subject == ApprovalSubject.Deploy && environment.Status != EnvironmentStatus.AwaitingApproval)
        {
            return DomainResult.Failure<EnvironmentRecord>(ApprovalErrorCodes.NonePending, $"The deploy no longer waits for approval; the environment is {environment.Status}.");
        }

        var withDecision = environment with { Approval = approval, UpdatedAt = now };
        if (approval.Subject != ApprovalSubject.Extension || outcome != ApprovalOutcome.Approved)
        {
            return DomainResult.Success(withDecision);
        }

        // The approver allows what the caps refused; only the rules no approval can lift (a live, expiring environment) still apply.
        var extended = LifetimeLimits.None.Extend(withDecision, approval.ExtendBy!.Value, now);
        return extended.Succeeded
            ? extended
            : DomainResult.Failure<EnvironmentRecord>(ApprovalErrorCodes.NonePending, $"The extension can no longer be applied: {extended.Problem.Message}");
    }

    private static LifecycleProblem ToProblem(DomainError error) => error.Code switch
    {
        ApprovalErrorCodes.NonePending or ApprovalErrorCodes.AlreadyDecided or ApprovalErrorCodes.Expired => new(ProblemCodes.Conflict, error.Message, "status", error.Code),
        ApprovalErrorCodes.SelfApproval => new(ProblemCodes.Forbidden, error.Message, null, error.Code),
        ApprovalErrorCodes.ReasonRequired => new(ProblemCodes.InvalidRequest, error.Message, "reason", error.Code),
        _ => LifecycleProblem.FromDomain(error),
    };
}
