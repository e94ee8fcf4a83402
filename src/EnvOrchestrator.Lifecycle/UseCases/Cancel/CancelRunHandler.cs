using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Cancel;

/// <summary>Asks the run working on an environment to stop (a deploy, update or retry; never a destroy).</summary>
internal sealed class CancelRunHandler(
    IEnvironmentStore environments,
    IRunStore runs,
    RunCancellationRegistry cancellations,
    DurableTaskClient client,
    IOptions<EnvironmentLifecycleOptions> options,
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

        var instanceId = LifecycleInstanceIds.ForRun(id, run.Kind, run.Id);
        if (!await HasStartedAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            return Problem<RunView>(
                ProblemCodes.Conflict,
                $"Run {run.Id.Value} has not started yet (its orchestration is still pending); cancel again in a few seconds.",
                "status",
                "cancel.not-started");
        }

        await client.RaiseEventAsync(instanceId, LifecycleEvents.Cancel, command.RequestedBy, cancellationToken).ConfigureAwait(false);
        cancellations.Cancel(run.Id.Value);
        logger.CancelRequested(run.Id.Value, id.Project.Value, id.Name.Value);
        return LifecycleResult.Success(ViewMapper.ToView(run));
    }

    /// <summary>
    /// Whether the orchestration's start was processed, waiting a little for one that was just queued. Azure Storage
    /// discards an event that is dequeued before its instance's start ("No such instance"), which would lose the cancel.
    /// </summary>
    private async Task<bool> HasStartedAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            // The run is recorded but its orchestration not scheduled yet (or its start died: the sweep resumes it).
            return false;
        }

        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
        {
            // Running or suspended: the event joins its history. Finished: the run is ending without it anyway.
            return true;
        }

        using var wait = new CancellationTokenSource(options.Value.CancelStartWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, cancellationToken);
        try
        {
            await client.WaitForInstanceStartAsync(instanceId, cancellation: linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
