using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// Destroy in reverse dependency order: a resource is destroyed once everything that depends on it is gone.
/// Transient failures are retried with backoff (durable timers); each state is verified empty and deleted. What
/// cannot be destroyed leaves the environment Failed, naming it — never silently "done".
/// Instance id: <c>env:{project}:{name}:destroy:{runId}</c>.
/// </summary>
internal sealed class DestroyOrchestrator(IOptions<EnvironmentLifecycleOptions> options) : TaskOrchestrator<RunInput, RunStatus>
{
    public override Task<RunStatus> RunAsync(TaskOrchestrationContext context, RunInput input)
    {
        var retry = new StepRetry(options.Value.DestroyMaxAttempts, options.Value.DestroyFirstRetryInterval);
        return ResourceRunLoop.RunAsync(context, input, nameof(DestroyResourceActivity), retry, cancellable: false);
    }
}

/// <summary>
/// Retries of a step whose failure is transient (<see cref="TransientStepException"/>), the n-th after
/// <c>FirstInterval × 2^(n-1)</c>. Done by the orchestration with <see cref="DurableTimers"/> rather than by the SDK's
/// retry policy, whose backoff timers could fire early.
/// </summary>
internal sealed record StepRetry(int MaxAttempts, TimeSpan FirstInterval);
