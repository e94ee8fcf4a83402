using System.Diagnostics;
using EnvOrchestrator.Functions.Durable;
using EnvOrchestrator.Functions.Http;
using EnvOrchestrator.Functions.Terraform;
using EnvOrchestrator.Terraform;
using EnvOrchestrator.Hosting.Composition;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Functions;

/// <summary>The application as the Functions app runs it: the shared composition with the host running the task hub.</summary>
internal static class FunctionsComposition
{
    public static IServiceCollection AddEnvOrchestratorFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEnvOrchestratorService(configuration, ServiceRuntime.FunctionsHost);
        // The routing the pipeline runs needs what a web host registers; the worker's web application has them.
        services.AddRouting();
        services.TryAddSingleton(new DiagnosticListener("Microsoft.AspNetCore"));
        services.TryAddSingleton<DiagnosticSource>(sp => sp.GetRequiredService<DiagnosticListener>());
        services.AddSingleton<IPostConfigureOptions<TerraformRunnerOptions>, ExecutableTerraform>();
        services.AddSingleton<LifecycleTaskDispatcher>();
        services.AddSingleton<HostDurableClientBinding>();
        services.AddSingleton<ApplicationPipeline>();
        // The default worker is the Durable extension's own (UseFunctions); the lifecycle's tasks live in a worker of their own.
        services.AddDurableTaskWorker(ServiceComposition.FunctionsTaskWorkerName, builder => builder.UseBuildTarget<HostDispatchedWorker>());
        services.AddDurableTaskClient(builder => builder.UseBuildTarget<HostBoundDurableTaskClient>());
        return services;
    }
}
