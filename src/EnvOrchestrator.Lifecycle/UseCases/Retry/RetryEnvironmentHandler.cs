using EnvOrchestrator.Core.Approvals;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Runs;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Retry;

/// <summary>
/// Runs a failed or cancelled environment's last run again: only what did not reach its goal is redone. A deploy that was
/// never approved waits for an approver again.
/// </summary>
internal sealed class RetryEnvironmentHandler(IEnvironmentStore environments, IRunStore runs, RunStarter starter)
{
    public async Task<LifecycleResult<OperationAccepted>> HandleAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<OperationAccepted>(problem!);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return NotFound<OperationAccepted>(id);
        }

        if (environment.Status is not (EnvironmentStatus.Failed or EnvironmentStatus.Cancelled))
        {
            return Problem<OperationAccepted>(ProblemCodes.Conflict, $"Only a failed or cancelled environment can be retried; {id} is {environment.Status}.", "status", "retry.not-failed");
        }

        var last = (await runs.ListAsync(id, 1, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
        var working = last?.Kind switch
        {
            RunKind.Destroy => EnvironmentStatus.Destroying,
            RunKind.Update => EnvironmentStatus.Updating,
            RunKind.Retry when environment.Resources.Any(r => r.Status is ResourceStatus.Destroyed) => EnvironmentStatus.Destroying,
            _ => EnvironmentStatus.Deploying,
        };
        // A deploy never approved (rejected, timed out, or cancelled while waiting) asks again, for the same reasons; an
        // override carries over, as the retry finishes what the overridden run started.
        var approvalReasons = last?.Override is null && environment.Approval is { Subject: ApprovalSubject.Deploy } approval
            && approval.Decision?.Outcome != ApprovalOutcome.Approved && working == EnvironmentStatus.Deploying
            ? approval.Reasons
            : [];
        var (started, startProblem) = await starter.StartAsync(id, RunKind.Retry, working, working, command.RequestedBy, prepare: null, ifMatch: null, new RunAdmission([], approvalReasons, last?.Override), cancellationToken).ConfigureAwait(false);
        return Accepted(started, startProblem);
    }
}
