using System.Text.Json;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.Values;
using EnvOrchestrator.Terraform;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Destroys one resource with the inputs of its last apply, verifies that its state holds no resource any more, and
/// deletes the state object (Terraform never does). Transient failures throw <see cref="TransientStepException"/>
/// for the orchestration's retry policy; the rest come back as data.
/// </summary>
internal sealed class DestroyResourceActivity(StepServices services) : TaskActivity<ResourceStepInput, ResourceStepResult>
{
    public override async Task<ResourceStepResult> RunAsync(TaskActivityContext context, ResourceStepInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        using var span = LifecycleTelemetry.StartStep($"destroy {input.Resource}", input.Project, input.Name, input.RunId, input.Resource, input.TraceParent);
        var cancellationToken = services.Stopping;
        var id = input.EnvironmentId;
        var runId = RunId.Parse(input.RunId);
        var environment = await services.Ledger.ReadEnvironmentAsync(id, cancellationToken).ConfigureAwait(false);
        var record = environment?.FindResource(input.Resource);
        var run = await services.Ledger.ReadRunAsync(id, runId, cancellationToken).ConfigureAwait(false);
        if (environment is null || record is null || run is null)
        {
            return new ResourceStepResult(input.Resource, StepOutcome.Failed, new FailureDetails("Lifecycle.EnvironmentMissing", $"Resource '{input.Resource}' of {id} is not recorded.", null, false), null);
        }

        var address = StateAddresses.For(id, input.Resource);
        var now = services.Time.GetUtcNow();
        if (record.Status == ResourceStatus.Destroyed)
        {
            return new ResourceStepResult(input.Resource, StepOutcome.Unchanged, null, null);
        }

        // Refused by a policy or failed before its first apply: it never held anything either.
        var neverApplied = record.Status is ResourceStatus.Pending or ResourceStatus.Skipped || record is { Status: ResourceStatus.Failed or ResourceStatus.Cancelled, ApplyCount: 0 };
        if (neverApplied && !await HoldsResourcesAsync(address, cancellationToken).ConfigureAwait(false))
        {
            // Nothing to destroy, only a possible empty state object to drop (no Terraform: the inputs may never have been recorded).
            await services.StateBackend.DeleteAsync(address, cancellationToken).ConfigureAwait(false);
            await services.Ledger.MoveResourceAsync(id, e => MarkDestroyed(e, input.Resource, now), cancellationToken).ConfigureAwait(false);
            return new ResourceStepResult(input.Resource, StepOutcome.Succeeded, null, null);
        }

        var attempt = run.Steps.Where(s => s.Resource == input.Resource && s.Action == StepAction.Destroy).Select(s => s.Attempt).DefaultIfEmpty(0).Max() + 1;

        // Destroying with no failed attempt of this run before: an attempt died mid-way (in this run or an earlier one).
        var interrupted = record.Status == ResourceStatus.Destroying
            && run.Steps.LastOrDefault(s => s.Resource == input.Resource && s.Action == StepAction.Destroy) is not { Status: StepStatus.Failed };
        var step = new RunStep { Resource = input.Resource, Action = StepAction.Destroy, Status = StepStatus.Running, Attempt = attempt, StartedAt = now };
        var log = new StepLogId(id, runId, step.LogName);
        await services.Ledger.BeginStepAsync(id, runId, step, e => StartDestroying(e, input.Resource, log, now), cancellationToken).ConfigureAwait(false);
        if (interrupted)
        {
            await InterruptedSteps.RecoverAsync(services, input, StepAction.Destroy, attempt, address, TerraformRunIds.Destroy(runId, input.Resource), cancellationToken).ConfigureAwait(false);
        }

        var (templates, _) = LifecycleTemplates.For(services.Catalog, environment);
        if (templates is null || !templates.Resources.TryGetValue(input.Resource, out var resourceTemplate))
        {
            return await FinishAsync(input, step, log, new FailureDetails("Lifecycle.TemplateMissing", $"The module of '{input.Resource}' is no longer in the catalog.", null, false), cancellationToken).ConfigureAwait(false);
        }

        await services.StateBackend.RegisterAsync(address, cancellationToken).ConfigureAwait(false);
        var sink = new StepLogSink(services.Logs, log, services.Time);
        var request = new TerraformRunRequest(services.Catalog.ModuleDirectoryOf(resourceTemplate), services.BackendFor(address, input.RunId))
        {
            RunId = TerraformRunIds.Destroy(runId, input.Resource, attempt),
            Inputs = record.Inputs.ToDictionary(e => e.Key, e => JsonValues.ToTerraform(e.Value), StringComparer.Ordinal),
            CommandTimeout = resourceTemplate.Timeouts?.Destroy,
        };
        var result = await services.Terraform.DestroyAsync(request, sink, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            if (failure.StateMayBeLocked)
            {
                await services.StateBackend.ReleaseLockAsync(address, lockId: null, "terraform was killed", cancellationToken).ConfigureAwait(false);
            }

            var details = StepFailures.From(failure);
            if (failure.IsTransient)
            {
                await services.Ledger.RecordStepAsync(id, runId, step with { Status = StepStatus.Failed, CompletedAt = services.Time.GetUtcNow(), Failure = details }, cancellationToken).ConfigureAwait(false);
                throw new TransientStepException($"Destroying '{input.Resource}' failed ({details.ErrorType}): {details.Message}");
            }

            return await FinishAsync(input, step, log, details, cancellationToken).ConfigureAwait(false);
        }

        if (await HoldsResourcesAsync(address, cancellationToken).ConfigureAwait(false))
        {
            await sink.WriteLineAsync("error: the state still holds resources after destroy", cancellationToken).ConfigureAwait(false);
            return await FinishAsync(input, step, log, new FailureDetails("Lifecycle.StateNotEmpty", "Terraform reported success but the state still holds resources.", null, false), cancellationToken).ConfigureAwait(false);
        }

        await services.StateBackend.DeleteAsync(address, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(input, step, log, null, cancellationToken).ConfigureAwait(false);
    }

    private static DomainResult<EnvironmentRecord>? StartDestroying(EnvironmentRecord environment, string resource, StepLogId log, DateTimeOffset now)
    {
        if (environment.FindResource(resource)!.Status == ResourceStatus.Destroying)
        {
            // A retry of an attempt that failed transiently, or one after an interrupted attempt: still being destroyed.
            return null;
        }

        var moved = environment.TransitionResource(resource, ResourceStatus.Destroying, now);
        return moved.Succeeded ? DomainResult.Success(moved.Value!.WithResource(moved.Value!.FindResource(resource)! with { LastLog = log }, now)) : moved;
    }

    private static DomainResult<EnvironmentRecord> MarkDestroyed(EnvironmentRecord environment, string resource, DateTimeOffset now)
    {
        if (environment.FindResource(resource)?.Status is not (ResourceStatus.Failed or ResourceStatus.Cancelled))
        {
            return environment.TransitionResource(resource, ResourceStatus.Destroyed, now);
        }

        var destroying = environment.TransitionResource(resource, ResourceStatus.Destroying, now);
        return destroying.Succeeded ? destroying.Value!.TransitionResource(resource, ResourceStatus.Destroyed, now) : destroying;
    }

    private async Task<bool> HoldsResourcesAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        var state = await services.StateBackend.ReadStateAsync(address, cancellationToken).ConfigureAwait(false);
        if (state is not { IsEmpty: false } content)
        {
            return false;
        }

        using var document = JsonDocument.Parse(content);
        return document.RootElement.TryGetProperty("resources", out var resources)
            && resources.ValueKind == JsonValueKind.Array && resources.GetArrayLength() > 0;
    }

    private async Task<ResourceStepResult> FinishAsync(ResourceStepInput input, RunStep step, StepLogId log, FailureDetails? failure, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var id = input.EnvironmentId;
        var closed = step with { Status = failure is null ? StepStatus.Succeeded : StepStatus.Failed, CompletedAt = now, Failure = failure };
        await services.Ledger.FinishStepAsync(
            id,
            RunId.Parse(input.RunId),
            closed,
            e => e.TransitionResource(input.Resource, failure is null ? ResourceStatus.Destroyed : ResourceStatus.Failed, now, failure),
            cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            services.Logger.StepFinished(input.Resource, input.Project, input.Name, "destroy", "Succeeded");
        }
        else
        {
            services.Logger.StepFailed(input.Resource, input.Project, input.Name, failure.ErrorType);
        }

        return new ResourceStepResult(input.Resource, failure is null ? StepOutcome.Succeeded : StepOutcome.Failed, failure, log.StepName);
    }
}
