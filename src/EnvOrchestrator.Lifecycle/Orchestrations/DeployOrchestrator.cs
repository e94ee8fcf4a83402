using EnvOrchestrator.Core.Environments;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// Deploy, update and retry: applies every resource in dependency order (each as soon as its own dependencies
/// succeeded, independent ones in parallel), with outputs flowing into downstream inputs. A resource whose inputs
/// and module version equal its last apply is left alone, which is what makes a retry resume from the failure.
/// Instance id: <c>env:{project}:{name}:{deploy|update|retry}:{runId}</c>.
/// </summary>
internal sealed class DeployOrchestrator : TaskOrchestrator<RunInput, RunStatus>
{
    public override Task<RunStatus> RunAsync(TaskOrchestrationContext context, RunInput input) =>
        ResourceRunLoop.RunAsync(context, input, nameof(Activities.ApplyResourceActivity), input.Retry, cancellable: true);
}
