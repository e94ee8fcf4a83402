using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Cancel;

/// <summary>Asks the run working on an environment to stop (a deploy, update or retry; never a destroy).</summary>
internal sealed class CancelRunHandler(
    IEnvironmentStore environments,
    IRunStore runs,
    RunCancellationRegistry cancellations,
    RunLedger ledger,
    DurableTaskClient client,
    TimeProvider time,
    ILogger<CancelRunHandler> logger)
{
    public async Task<LifecycleResult<RunView>> HandleAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<RunView>(problem!);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return NotFound<RunView>(id);
        }

        var run = environment.CurrentRunId is { } runId ? await runs.FindAsync(id, runId, cancellationToken).ConfigureAwait(false) : null;
        if (run is null)
        {
            return Problem<RunView>(ProblemCodes.Conflict, $"No run is working on {id}.", "status", "cancel.no-run");
        }

        if (run.Kind == RunKind.Destroy || environment.Status == EnvironmentStatus.Destroying)
        {
            return Problem<RunView>(ProblemCodes.Conflict, "A destroy cannot be cancelled: it would leave resources half removed.", "status", "cancel.destroy");
        }

        // Stored first: an orchestration that has not started yet drops the event, and reads this when it starts.
        var now = time.GetUtcNow();
        var requested = await ledger.AmendRunAsync(
            id, run.Id, r => r.CancelRequest is null && !r.IsFinished ? r with { CancelRequest = new RunCancelRequest(command.RequestedBy, now) } : r, cancellationToken).ConfigureAwait(false);
        var instanceId = LifecycleInstanceIds.ForRun(id, run.Kind, run.Id);
        if (await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false) is { IsCompleted: false })
        {
            await client.RaiseEventAsync(instanceId, LifecycleEvents.Cancel, command.RequestedBy, cancellationToken).ConfigureAwait(false);
        }

        cancellations.Cancel(run.Id.Value);
        logger.CancelRequested(run.Id.Value, id.Project.Value, id.Name.Value);
        return LifecycleResult.Success(ViewMapper.ToView(requested ?? run));
    }
}
