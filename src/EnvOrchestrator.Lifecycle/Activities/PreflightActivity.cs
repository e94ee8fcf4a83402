using System.Collections.Concurrent;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Before a deploy applies anything under a mandatory plan rule: plans every resource whose inputs are known (lock
/// free, like the what-if) and checks each plan against the policies. A refused or unplannable resource fails the run
/// before any apply, so nothing is left half-applied; resources whose inputs are only known after an upstream apply
/// are checked by their own apply step, and so is a lone plannable resource (everything else waits on it). Every plan
/// is a <c>plan</c> step of the run with its own log, closed as soon as that plan returns.
/// </summary>
internal sealed class PreflightActivity(StepServices services, EnvironmentPlanner planner) : TaskActivity<RunInput, IReadOnlyList<ResourceStepResult>>
{
    public override async Task<IReadOnlyList<ResourceStepResult>> RunAsync(TaskActivityContext context, RunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        using var span = LifecycleTelemetry.StartStep("preflight", input.Project, input.Name, input.RunId, null, input.TraceParent);
        var cancellationToken = services.Stopping;
        var id = input.EnvironmentId;
        var environment = await services.Ledger.ReadEnvironmentAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment?.CurrentRunId != input.Run)
        {
            return [new ResourceStepResult(string.Empty, StepOutcome.Failed, new FailureDetails("Lifecycle.NotCurrent", $"Run {input.RunId} no longer owns the environment.", null, IsTransient: false), null)];
        }

        var run = await services.Ledger.AmendRunAsync(id, input.Run, r => CloseRunning(r, StepStatus.Failed, InterruptedSteps.Failure), cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return [new ResourceStepResult(string.Empty, StepOutcome.Failed, new FailureDetails("Lifecycle.EnvironmentMissing", $"Run {input.RunId} does not exist.", null, IsTransient: false), null)];
        }

        // A cancel handled by this process stops the plans at once; the orchestration sees the cancel event itself.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, services.Cancellations.TokenFor(input.RunId));
        var steps = new ConcurrentDictionary<string, (RunStep Step, StepLogSink Sink)>(StringComparer.Ordinal);
        var refused = new ConcurrentQueue<ResourceStepResult>();
        var pass = new PlanPass($"{input.RunId}-preflight", SkipUnchanged: true, async (resource, ct) =>
        {
            var attempt = run.Steps.Where(s => s.Resource == resource && s.Action == StepAction.Plan).Select(s => s.Attempt).DefaultIfEmpty(0).Max() + 1;
            var step = new RunStep { Resource = resource, Action = StepAction.Plan, Status = StepStatus.Running, Attempt = attempt, StartedAt = services.Time.GetUtcNow() };
            await services.Ledger.RecordStepAsync(id, input.Run, step, ct).ConfigureAwait(false);
            var sink = new StepLogSink(services.Logs, new StepLogId(id, input.Run, step.LogName), services.Time);
            steps[resource] = (step, sink);
            return sink;
        })
        {
            MinimumPlanned = 2,
            Planned = async (outcome, _) =>
            {
                // Records are written with the activity's own token: a cancelled plan is still closed.
                if (steps.TryGetValue(outcome.Resource, out var started) && await CloseAsync(input, outcome, started.Step, started.Sink, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    refused.Enqueue(result);
                }
            },
        };

        try
        {
            await planner.PlanResourcesAsync(environment, pass, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await services.Ledger.AmendRunAsync(id, input.Run, r => CloseRunning(r, StepStatus.Cancelled, new FailureDetails("Lifecycle.Cancelled", "The run was cancelled.", null, IsTransient: true)), cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The orchestration fails the run with this; the steps must not stay Running.
            await services.Ledger.AmendRunAsync(id, input.Run, r => CloseRunning(r, StepStatus.Failed, new FailureDetails("Lifecycle.PreflightFailed", e.Message, null, IsTransient: true)), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // Worker shutdown, not a refusal: leave the work item to be delivered again.
        cancellationToken.ThrowIfCancellationRequested();
        return [.. refused];
    }

    /// <returns>The resource's failure when its plan failed or a mandatory rule refused it; null when it may be applied.</returns>
    private async Task<ResourceStepResult?> CloseAsync(RunInput input, ResourcePlanOutcome outcome, RunStep step, StepLogSink sink, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = input.EnvironmentId;
        await sink.WritePolicyResultsAsync(outcome.PolicyResults, cancellationToken).ConfigureAwait(false);
        var cancelled = StepFailures.IsCancellation(outcome.Failure);
        var refusal = PlanRules.Refusal(outcome.PolicyResults);
        if (refusal is not null && outcome.Failure is null && !cancelled && await sink.OverriddenAsync(services.Ledger, id, input.Run, cancellationToken).ConfigureAwait(false))
        {
            refusal = null;
        }

        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);

        var failure = cancelled ? null : outcome.Failure ?? StepFailures.PolicyViolation(refusal);
        var status = cancelled ? StepStatus.Cancelled : failure is null ? StepStatus.Succeeded : StepStatus.Failed;
        var now = services.Time.GetUtcNow();
        await services.Ledger.AmendRunAsync(
            id, input.Run, r => r.WithPolicyResults(outcome.PolicyResults).WithStep(step with { Status = status, CompletedAt = now, Failure = failure ?? outcome.Failure }), cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            return null;
        }

        var log = new StepLogId(id, input.Run, step.LogName);
        await services.Ledger.MoveResourceAsync(id, e => Refuse(e, outcome.Resource, failure, log, now), cancellationToken).ConfigureAwait(false);
        services.Logger.StepFailed(outcome.Resource, input.Project, input.Name, failure.ErrorType);
        return new ResourceStepResult(outcome.Resource, StepOutcome.Failed, failure, step.LogName);
    }

    private RunRecord CloseRunning(RunRecord run, StepStatus status, FailureDetails failure)
    {
        var now = services.Time.GetUtcNow();
        foreach (var step in run.Steps.Where(s => s.Action == StepAction.Plan && s.Status == StepStatus.Running))
        {
            run = run.WithStep(step with { Status = status, CompletedAt = now, Failure = failure });
        }

        return run;
    }

    /// <summary>The resource fails with the refusal, its plan log attached; a status left active by a dead run is closed first.</summary>
    private static DomainResult<EnvironmentRecord>? Refuse(EnvironmentRecord environment, string resource, FailureDetails failure, StepLogId log, DateTimeOffset now)
    {
        if (environment.FindResource(resource) is null)
        {
            return null;
        }

        environment = InterruptedSteps.CloseActive(environment, resource, now, out _);
        var planning = environment.TransitionResource(resource, ResourceStatus.Planning, now);
        var failed = planning.Succeeded ? planning.Value!.TransitionResource(resource, ResourceStatus.Failed, now, failure) : planning;
        return failed.Succeeded
            ? DomainResult.Success(failed.Value!.WithResource(failed.Value!.FindResource(resource)! with { LastLog = log }, now))
            : failed;
    }
}
