using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Activities;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// Destroy in reverse dependency order: a resource is destroyed once everything that depends on it is gone.
/// Transient failures are retried with backoff (durable timers); each state is verified empty and deleted. What
/// cannot be destroyed leaves the environment Failed, naming it — never silently "done".
/// Instance id: <c>env:{project}:{name}:destroy:{runId}</c>.
/// </summary>
/// <remarks>The retry settings travel in the input (<see cref="RunInput.Retry"/>): the SDK creates orchestrators without
/// dependency injection, and a setting read at replay time could differ from the one the history was made with.</remarks>
internal sealed class DestroyOrchestrator : TaskOrchestrator<RunInput, RunStatus>
{
    public override Task<RunStatus> RunAsync(TaskOrchestrationContext context, RunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ResourceRunLoop.RunAsync(context, input, nameof(DestroyResourceActivity), input.Retry, cancellable: false);
    }
}

/// <summary>
/// Retries of a step whose failure is transient (a thrown <see cref="TransientStepException"/> or a returned failure
/// marked transient), the n-th after
/// <c>FirstInterval × 2^(n-1)</c>. Done by the orchestration with <see cref="DurableTimers"/> rather than by the SDK's
/// retry policy, whose backoff timers could fire early.
/// </summary>
internal sealed record StepRetry(int MaxAttempts, TimeSpan FirstInterval);
