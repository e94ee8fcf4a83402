using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Durable;
using EnvOrchestrator.Lifecycle.Activities;
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
        var retry = new RetryPolicy(options.Value.DestroyMaxAttempts, options.Value.DestroyFirstRetryInterval, backoffCoefficient: 2)
        {
            Handle = static e => e is TaskFailedException failed && failed.FailureDetails.IsCausedBy<TransientStepException>(),
        };
        return ResourceRunLoop.RunAsync(context, input, nameof(DestroyResourceActivity), TaskOptions.FromRetryPolicy(retry), cancellable: false);
    }
}
