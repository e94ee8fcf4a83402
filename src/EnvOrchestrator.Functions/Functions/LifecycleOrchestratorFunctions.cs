using EnvOrchestrator.Functions.Durable;
using EnvOrchestrator.Lifecycle.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Functions.Functions;

/// <summary>
/// One orchestrator function per lifecycle orchestrator, named as the self-hosted worker registers it, each running
/// that very class. Orchestrator functions take no other binding: the host replays them. Functions are public, as the
/// worker finds them; the services they resolve are the application's own, internal.
/// </summary>
public static class LifecycleOrchestratorFunctions
{
    [Function(nameof(DeployOrchestrator))]
    public static Task<object?> Deploy([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        Run(context, function);

    [Function(nameof(DestroyOrchestrator))]
    public static Task<object?> Destroy([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        Run(context, function);

    [Function(nameof(LifetimeOrchestrator))]
    public static Task<object?> Lifetime([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        Run(context, function);

    private static Task<object?> Run(TaskOrchestrationContext context, FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.InstanceServices.GetRequiredService<LifecycleTaskDispatcher>().RunOrchestratorAsync(context, function.InstanceServices);
    }
}
