using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.Values;
using EnvOrchestrator.Terraform;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Plans and applies one resource: evaluates its inputs with the outputs known now, records them (destroy reuses
/// them), runs Terraform against the resource's own state, streams the redacted events to the step log, and stores
/// the outputs. Terraform failures come back as data; a cancel of the run interrupts Terraform gracefully.
/// </summary>
internal sealed class ApplyResourceActivity(StepServices services) : TaskActivity<ResourceStepInput, ResourceStepResult>
{
    public override async Task<ResourceStepResult> RunAsync(TaskActivityContext context, ResourceStepInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        using var span = LifecycleTelemetry.StartStep($"apply {input.Resource}", input.Project, input.Name, input.RunId, input.Resource, input.TraceParent);
        var cancellationToken = services.Stopping;
        var id = input.EnvironmentId;
        var runId = RunId.Parse(input.RunId);
        var environment = await services.Ledger.ReadEnvironmentAsync(id, cancellationToken).ConfigureAwait(false);
        var run = await services.Ledger.ReadRunAsync(id, runId, cancellationToken).ConfigureAwait(false);
        if (environment is null || run is null)
        {
            return Failed(input, "Lifecycle.EnvironmentMissing", $"Environment {id} or run {runId} does not exist.", null);
        }

        var (templates, problem) = LifecycleTemplates.For(services.Catalog, environment);
        var definition = templates?.Environment.FindResource(input.Resource);
        var record = environment.FindResource(input.Resource);
        if (templates is null || definition is null || record is null)
        {
            return Failed(input, "Lifecycle.TemplateMissing", problem ?? $"Resource '{input.Resource}' is not in the template.", null);
        }

        var resourceTemplate = templates.Resources[input.Resource];
        var inputs = ResourceInputs.Evaluate(environment, templates.Environment, definition, resourceTemplate);
        if (inputs.SameAsLastApply(record, resourceTemplate.Version))
        {
            return new ResourceStepResult(input.Resource, StepOutcome.Unchanged, null, null);
        }

        var now = services.Time.GetUtcNow();
        var attempt = run.Steps.Where(s => s.Resource == input.Resource && s.Action == StepAction.Apply).Select(s => s.Attempt).DefaultIfEmpty(0).Max() + 1;
        var step = new RunStep { Resource = input.Resource, Action = StepAction.Apply, Status = StepStatus.Running, Attempt = attempt, StartedAt = now };
        var log = new StepLogId(id, runId, step.LogName);
        var address = StateAddresses.For(id, input.Resource);
        var interrupted = false;
        var started = await services.Ledger.BeginStepAsync(id, runId, step, e => StartPlanning(e, input.Resource, inputs.Values, resourceTemplate.Version, address.ToString(), log, now, out interrupted), cancellationToken).ConfigureAwait(false);
        if (!started.Succeeded)
        {
            return await FinishAsync(input, step, log, Failure("Lifecycle.InvalidState", started.Problem.Message), StepOutcome.Failed, null, cancellationToken).ConfigureAwait(false);
        }

        if (interrupted)
        {
            await InterruptedSteps.RecoverAsync(services, input, StepAction.Apply, attempt, address, TerraformRunIds.Apply(runId, input.Resource), cancellationToken).ConfigureAwait(false);
        }

        var sink = new StepLogSink(services.Logs, log, services.Time);
        if (!inputs.Errors.IsEmpty || !inputs.Unknown.IsEmpty)
        {
            var message = inputs.Errors.IsEmpty ? $"Inputs not known: {string.Join(", ", inputs.Unknown)}." : string.Join("; ", inputs.Errors);
            await sink.WriteLineAsync("error: " + message, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(input, step, log, Failure("Lifecycle.InvalidInput", message), StepOutcome.Failed, null, cancellationToken).ConfigureAwait(false);
        }

        await services.StateBackend.RegisterAsync(address, cancellationToken).ConfigureAwait(false);
        var request = new TerraformRunRequest(services.Catalog.ModuleDirectoryOf(resourceTemplate), services.BackendFor(address, input.RunId))
        {
            RunId = TerraformRunIds.Apply(runId, input.Resource, attempt),
            Inputs = inputs.Values.ToDictionary(e => e.Key, e => JsonValues.ToTerraform(e.Value), StringComparer.Ordinal),
            CommandTimeout = resourceTemplate.Timeouts?.Apply,
            ApprovePlan = PlanRules.AnyFor(services.Catalog.Catalog, input.Project, environment.Template.Name, resourceTemplate)
                ? (plan, ct) => ApproveAsync(environment, input, plan, sink, ct)
                : null,

            // Nobody reads the plan then: one apply process. Inputs carry the template's sensitivity, which the catalog
            // checks against the module's own declarations, so redaction does not need the plan either.
            InspectPlan = false,
        };
        if (request.ApprovePlan is null && !await MarkApplyingAsync(input, cancellationToken).ConfigureAwait(false))
        {
            return await FinishAsync(input, step, log, Failure("Lifecycle.InvalidState", "The resource could not move to Applying."), StepOutcome.Failed, null, cancellationToken).ConfigureAwait(false);
        }

        var watch = new CancelWatch(services.Client, input.InstanceId, services.Options.CancelPollInterval, services.Time, services.Cancellations.TokenFor(input.RunId));
        TerraformRunResult result;
        await using (watch.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watch.Token);
            result = await services.Terraform.ApplyAsync(request, sink, linked.Token).ConfigureAwait(false);
        }

        // Worker shutdown, not a cancel of the run: leave the work item to be delivered again.
        cancellationToken.ThrowIfCancellationRequested();
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            if (failure.StateMayBeLocked)
            {
                await services.StateBackend.ReleaseLockAsync(address, lockId: null, "terraform was killed", cancellationToken).ConfigureAwait(false);
                services.Logger.LockReleased(input.Resource, input.Project, input.Name);
            }

            var outcome = failure.Kind == TerraformFailureKind.Cancelled ? StepOutcome.Cancelled : StepOutcome.Failed;
            var details = failure.Kind == TerraformFailureKind.PlanRejected && result.Plan is { } rejected
                ? StepFailures.PolicyRefused(PlanRules.Refusal(PlanRules.Evaluate(services.Catalog.Catalog, input.Project, environment.Template.Name, input.Resource, rejected)), failure)
                : StepFailures.From(failure);
            return await FinishAsync(input, step, log, details, outcome, null, cancellationToken).ConfigureAwait(false);
        }

        var outputs = result.Outputs.ToImmutableSortedDictionary(
            o => o.Key,
            o => JsonValues.FromTerraform(o.Value).AsSensitive(o.Value.IsSensitive || resourceTemplate.FindOutput(o.Key)?.Sensitive == true),
            StringComparer.Ordinal);
        return await FinishAsync(input, step, log, null, StepOutcome.Succeeded, outputs, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="interrupted">Whether a previous delivery of this step died mid-way (its lock must be released).</param>
    private static DomainResult<EnvironmentRecord> StartPlanning(
        EnvironmentRecord environment, string resource, ImmutableSortedDictionary<string, Value> inputs, Core.Catalog.SemVersion version, string address, StepLogId log, DateTimeOffset now, out bool interrupted)
    {
        // A previous delivery of this step may have died mid-way: close that attempt before starting again.
        environment = InterruptedSteps.CloseActive(environment, resource, now, out interrupted);
        var moved = environment.TransitionResource(resource, ResourceStatus.Planning, now);
        return moved.Succeeded
            ? DomainResult.Success(moved.Value!.WithResource(moved.Value!.FindResource(resource)! with { Inputs = inputs, ResolvedVersion = version, StateAddress = address, LastLog = log }, now))
            : moved;
    }

    /// <summary>
    /// Evaluates the plan rules; every violation goes to the step log and onto the run before the verdict, so an
    /// advisory one is recorded even though the apply goes on, and a refusal is explained where people look.
    /// </summary>
    private async ValueTask<bool> ApproveAsync(EnvironmentRecord environment, ResourceStepInput input, TerraformPlan plan, StepLogSink sink, CancellationToken cancellationToken)
    {
        var results = PlanRules.Evaluate(services.Catalog.Catalog, input.Project, environment.Template.Name, input.Resource, plan);
        if (!results.IsEmpty)
        {
            await sink.WritePolicyResultsAsync(results, cancellationToken).ConfigureAwait(false);
            await services.Ledger.RecordPolicyResultsAsync(input.EnvironmentId, RunId.Parse(input.RunId), results, cancellationToken).ConfigureAwait(false);
        }

        if (PlanRules.Refusal(results) is not null && !await sink.OverriddenAsync(services.Ledger, input.EnvironmentId, RunId.Parse(input.RunId), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return await MarkApplyingAsync(input, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> MarkApplyingAsync(ResourceStepInput input, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var moved = await services.Ledger.MoveResourceAsync(input.EnvironmentId, e => e.TransitionResource(input.Resource, ResourceStatus.Applying, now), cancellationToken).ConfigureAwait(false);
        return moved.Succeeded;
    }

    private async Task<ResourceStepResult> FinishAsync(
        ResourceStepInput input, RunStep step, StepLogId log, FailureDetails? failure, StepOutcome outcome, ImmutableSortedDictionary<string, Value>? outputs, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var id = input.EnvironmentId;
        var stepStatus = outcome switch
        {
            StepOutcome.Succeeded => StepStatus.Succeeded,
            StepOutcome.Cancelled => StepStatus.Cancelled,
            _ => StepStatus.Failed,
        };
        await services.Ledger.FinishStepAsync(id, RunId.Parse(input.RunId), step with { Status = stepStatus, CompletedAt = now, Failure = failure }, e =>
        {
            if (failure is not null)
            {
                return e.FindResource(input.Resource) is { Status: ResourceStatus.Planning or ResourceStatus.Applying }
                    ? e.TransitionResource(input.Resource, outcome == StepOutcome.Cancelled ? ResourceStatus.Cancelled : ResourceStatus.Failed, now, failure)
                    : null;
            }

            var moved = e.TransitionResource(input.Resource, ResourceStatus.Succeeded, now);
            return moved.Succeeded ? DomainResult.Success(moved.Value!.WithResource(moved.Value!.FindResource(input.Resource)! with { Outputs = outputs! }, now)) : moved;
        }, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            services.Logger.StepFinished(input.Resource, input.Project, input.Name, "apply", outcome.ToString());
        }
        else
        {
            services.Logger.StepFailed(input.Resource, input.Project, input.Name, failure.ErrorType);
        }

        return new ResourceStepResult(input.Resource, outcome, failure, log.StepName);
    }

    private static FailureDetails Failure(string type, string message) => new(type, message, null, IsTransient: false);

    private static ResourceStepResult Failed(ResourceStepInput input, string type, string message, string? log) =>
        new(input.Resource, StepOutcome.Failed, Failure(type, message), log);
}
