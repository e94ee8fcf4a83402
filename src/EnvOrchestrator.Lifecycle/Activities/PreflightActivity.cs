using System.Collections.Concurrent;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Durable;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Before a deploy applies anything under a mandatory plan rule: plans every resource whose inputs are known (lock
/// free, like the what-if) and checks each plan against the policies. A refused or unplannable resource fails the run
/// before any apply, so nothing is left half-applied; resources whose inputs are only known after an upstream apply
/// are checked by their own apply step, and so is a lone plannable resource (everything else waits on it). Every plan
/// is a <c>plan</c> step of the run with its own log.
/// </summary>
internal sealed class PreflightActivity(StepServices services, EnvironmentPlanner planner) : TaskActivity<RunInput, IReadOnlyList<ResourceStepResult>>
{
    public override async Task<IReadOnlyList<ResourceStepResult>> RunAsync(TaskActivityContext context, RunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = context.CancellationToken;
        var id = input.EnvironmentId;
        var environment = await services.Environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        var run = await services.Updates.UpdateRunAsync(id, input.Run, CloseInterrupted, cancellationToken).ConfigureAwait(false);
        if (environment?.CurrentRunId != input.Run || run is null)
        {
            return [];
        }

        var steps = new ConcurrentDictionary<string, (RunStep Step, StepLogSink Sink)>(StringComparer.Ordinal);
        var pass = new PlanPass($"{input.RunId}-preflight", SkipUnchanged: true, async (resource, ct) =>
        {
            var attempt = run.Steps.Where(s => s.Resource == resource && s.Action == StepAction.Plan).Select(s => s.Attempt).DefaultIfEmpty(0).Max() + 1;
            var step = new RunStep { Resource = resource, Action = StepAction.Plan, Status = StepStatus.Running, Attempt = attempt, StartedAt = services.Time.GetUtcNow() };
            await services.Updates.UpdateRunAsync(id, input.Run, r => r.WithStep(step), ct).ConfigureAwait(false);
            var sink = new StepLogSink(services.Logs, new StepLogId(id, input.Run, step.LogName), services.Time);
            steps[resource] = (step, sink);
            return sink;
        })
        {
            MinimumPlanned = 2,
        };
        var outcomes = await planner.PlanResourcesAsync(environment, pass, cancellationToken).ConfigureAwait(false);

        var refused = new List<ResourceStepResult>();
        foreach (var outcome in outcomes)
        {
            var failure = outcome.Failure ?? (PlanRules.Refusal(outcome.PolicyResults) is { } refusal ? new FailureDetails(StepFailures.PolicyViolated, refusal, null, IsTransient: false) : null);
            if (!steps.TryGetValue(outcome.Resource, out var started))
            {
                // Pending (known after apply), unchanged, or an input error the resource's own apply step reports.
                continue;
            }

            foreach (var result in outcome.PolicyResults)
            {
                await started.Sink.WriteLineAsync($"policy ({result.Enforcement.ToString().ToLowerInvariant()}): {result.Message}", cancellationToken).ConfigureAwait(false);
            }

            await started.Sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            var now = services.Time.GetUtcNow();
            await services.Updates.UpdateRunAsync(
                id,
                input.Run,
                r => r.WithPolicyResults(outcome.PolicyResults).WithStep(started.Step with { Status = failure is null ? StepStatus.Succeeded : StepStatus.Failed, CompletedAt = now, Failure = failure }),
                cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                var log = new StepLogId(id, input.Run, started.Step.LogName);
                await services.Updates.UpdateEnvironmentAsync(id, e => Refuse(e, outcome.Resource, failure, log, now), cancellationToken).ConfigureAwait(false);
                refused.Add(new ResourceStepResult(outcome.Resource, StepOutcome.Failed, failure, started.Step.LogName));
                services.Logger.StepFailed(outcome.Resource, input.Project, input.Name, failure.ErrorType);
            }
        }

        return refused;
    }

    /// <summary>Plan steps a previous delivery of this activity left running died with it.</summary>
    private RunRecord CloseInterrupted(RunRecord run)
    {
        var now = services.Time.GetUtcNow();
        foreach (var step in run.Steps.Where(s => s.Action == StepAction.Plan && s.Status == StepStatus.Running))
        {
            run = run.WithStep(step with { Status = StepStatus.Failed, CompletedAt = now, Failure = new FailureDetails(InterruptedSteps.ErrorType, "The step was interrupted.", null, IsTransient: true) });
        }

        return run;
    }

    private static DomainResult<EnvironmentRecord>? Refuse(EnvironmentRecord environment, string resource, FailureDetails failure, StepLogId log, DateTimeOffset now)
    {
        var planning = environment.TransitionResource(resource, ResourceStatus.Planning, now);
        var failed = planning.Succeeded ? planning.Value!.TransitionResource(resource, ResourceStatus.Failed, now, failure) : planning;
        return failed.Succeeded
            ? DomainResult.Success(failed.Value!.WithResource(failed.Value!.FindResource(resource)! with { LastLog = log }, now))
            : null;
    }
}
