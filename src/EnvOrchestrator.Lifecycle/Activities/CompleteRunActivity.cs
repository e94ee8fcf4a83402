using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Expressions;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Ends a run: resources that never started become Skipped, the environment gets its outputs and goes Ready (or
/// Destroyed), or Failed naming the failing resource with its classified error and log, or Cancelled.
/// </summary>
internal sealed class CompleteRunActivity(
    RunLedger ledger,
    IActiveRunIndex activeRuns,
    RunCancellationRegistry cancellations,
    ITemplateCatalogSource catalog,
    EnvironmentEvents events,
    ResourceGroups.EnvironmentResourceGroups resourceGroups,
    DurableTaskClient client,
    TimeProvider time,
    HostStopping stopping,
    ILogger<CompleteRunActivity> logger) : TaskActivity<CompleteRunInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, CompleteRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        using var span = LifecycleTelemetry.StartStep("complete run", run.Project, run.Name, run.RunId, null, run.TraceParent);
        span?.SetTag("envorch.run.status", input.Status.ToString());
        var id = run.EnvironmentId;
        var now = time.GetUtcNow();
        var failure = input.Failures.FirstOrDefault(f => f.Outcome == StepOutcome.Failed) ?? (input.Failures.Count > 0 ? input.Failures[0] : null);
        var runFailure = input.Status switch
        {
            RunStatus.Succeeded => null,
            RunStatus.Cancelled => new FailureDetails("Lifecycle.Cancelled", "The run was cancelled.", null, IsTransient: false),
            _ => failure?.Failure ?? new FailureDetails("Lifecycle.Incomplete", $"Not every resource was reached: {string.Join(", ", input.NotStarted)}.", null, IsTransient: false),
        };
        // A run already finished (released by the sweep, or a second execution that lost the environment) keeps its outcome.
        var updated = await ledger.EndRunAsync(
            id,
            run.Run,
            e => Complete(e, input, failure, runFailure, now),
            r => r.IsFinished ? r : r with { Status = input.Status, CompletedAt = now, Failure = runFailure },
            stopping.Token).ConfigureAwait(false);
        if (updated.Succeeded && updated.Value!.Status == EnvironmentStatus.Destroyed && input.Status == RunStatus.Succeeded)
        {
            await resourceGroups.DeleteAsync(updated.Value, LifecycleTemplates.For(catalog, updated.Value).Templates?.Environment, stopping.Token).ConfigureAwait(false);
        }

        var holder = updated.Succeeded ? updated.Value : await ledger.ReadEnvironmentAsync(id, stopping.Token).ConfigureAwait(false);
        if (holder?.CurrentRunId != run.Run)
        {
            // Only once the environment is released: an entry left while it is still held is how the sweep finds it.
            await activeRuns.RemoveAsync(id, run.Run, stopping.Token).ConfigureAwait(false);
        }

        cancellations.Forget(run.RunId);
        if (updated.Succeeded)
        {
            LifecycleTelemetry.RunFinished(run.Run, run.Kind, input.Status, now);
            await events.RunEndedAsync(updated.Value!, run.Run, stopping.Token).ConfigureAwait(false);
        }

        logger.RunCompleted(run.RunId, run.Project, run.Name, input.Status);
        if (updated.Succeeded && updated.Value!.ExpiresAt <= now && updated.Value.Status is not (EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed))
        {
            // The lifetime found the environment busy at its expiry and waits: without this it would wait out its retry.
            await client.RaiseEventAsync(LifecycleInstanceIds.ForLifetime(id), LifecycleEvents.RunFinished, run.RunId, stopping.Token).ConfigureAwait(false);
        }

        return updated.Succeeded ? updated.Value!.Status.ToString() : updated.Problem.Message;
    }

    private DomainResult<EnvironmentRecord> Complete(EnvironmentRecord environment, CompleteRunInput input, ResourceStepResult? failed, FailureDetails? runFailure, DateTimeOffset now)
    {
        if (environment.CurrentRunId?.Value != input.Run.RunId)
        {
            return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.InvalidTransition, $"Run {input.Run.RunId} no longer owns the environment.");
        }

        var current = environment;
        if (input.Run.Working != EnvironmentStatus.Destroying)
        {
            foreach (var name in input.NotStarted)
            {
                // Only resources that never held anything are skipped; a resource applied earlier keeps its state and status.
                if (current.FindResource(name) is { Status: ResourceStatus.Pending or ResourceStatus.Failed } resource)
                {
                    current = resource.Status == ResourceStatus.Pending
                        ? current.TransitionResource(name, ResourceStatus.Skipped, now).Value ?? current
                        : current;
                }
            }
        }

        if (input.Status == RunStatus.Succeeded)
        {
            return input.Run.Working == EnvironmentStatus.Destroying
                ? current.CompleteRun(EnvironmentStatus.Destroyed, now)
                : (current with { Outputs = Outputs(current) }).CompleteRun(EnvironmentStatus.Ready, now);
        }

        if (input.Status == RunStatus.Cancelled && input.Run.Working != EnvironmentStatus.Destroying)
        {
            return current.CompleteRun(EnvironmentStatus.Cancelled, now);
        }

        var resourceFailure = failed is { Resource.Length: > 0, Failure: { } details }
            ? new ResourceFailure(failed.Resource, details, failed.Log is null ? null : new StepLogId(environment.Id, input.Run.Run, failed.Log))
            : null;
        var summary = input.Run.Working == EnvironmentStatus.Destroying
            ? runFailure! with { Message = $"{runFailure!.Message} Left: {string.Join(", ", current.Resources.Where(r => r.Status != ResourceStatus.Destroyed).Select(r => r.Name))}." }
            : runFailure!;
        return current.Fail(summary, resourceFailure, now);
    }

    private ImmutableSortedDictionary<string, Value> Outputs(EnvironmentRecord environment)
    {
        var (templates, _) = LifecycleTemplates.For(catalog, environment);
        if (templates is null)
        {
            return environment.Outputs;
        }

        var scope = new EvaluationScope
        {
            Inputs = environment.Inputs.ToImmutableDictionary(StringComparer.Ordinal),
            ResourceOutputs = environment.Resources.ToImmutableDictionary(r => r.Name, r => r.Outputs.ToImmutableDictionary(StringComparer.Ordinal), StringComparer.Ordinal),
            EnvironmentName = environment.Id.Name.Value,
            ProjectName = environment.Id.Project.Value,
            HasResourceGroup = templates.Environment.ResourceGroup is not null,
            ResourceGroupName = Core.ResourceGroups.ResourceGroupTags.NameOf(environment.Id.Project.Value, environment.Id.Name.Value),
        };
        return templates.Environment.Outputs.ToImmutableSortedDictionary(
            o => o.Name,
            o =>
            {
                var value = ExpressionEvaluator.Evaluate(o.Value, scope).Value;
                return value.AsSensitive(o.Sensitive || value.IsSensitive);
            },
            StringComparer.Ordinal);
    }
}
