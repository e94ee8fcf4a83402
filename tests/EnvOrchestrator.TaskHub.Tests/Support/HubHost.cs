using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.TaskHub.Tests.Support;

/// <summary>
/// A host composed as the service composes the runtime: <c>AddTaskHub</c>, the SDK's worker with
/// <c>UseAzureStorage()</c> and the SDK's client with <c>UseAzureStorage()</c>, on a task hub of the test's own.
/// </summary>
internal static class HubHost
{
    /// <summary>Builds a host; start it (or not: a host that is never started has a working client but no worker).</summary>
    /// <param name="logs">Where the host logs: the test's output, or the console of a worker process.</param>
    /// <param name="tasks">The orchestrators and activities; null builds a host with a client only.</param>
    /// <param name="services">Last registrations before the build (what the test's tasks depend on).</param>
    public static IHost Build(
        ILoggerProvider logs,
        string connectionString,
        string taskHub,
        Action<TaskHubOptions>? options = null,
        Action<DurableTaskRegistry>? tasks = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });

        // What a Development host checks by default: a scoped service taken from the root fails loudly.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);

        builder.Services.AddTaskHub(o =>
        {
            o.ConnectionString = connectionString;
            o.TaskHubName = taskHub;
            o.PartitionCount = 2;
            o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
            options?.Invoke(o);
        });
        if (tasks is not null)
        {
            builder.Services.AddDurableTaskWorker(b =>
            {
                b.AddTasks(tasks);
                b.UseAzureStorage();
            });
        }

        builder.Services.AddDurableTaskClient(b => b.UseAzureStorage());
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static DurableTaskClient Client(this IHost host) => host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Waits for the instance to finish, failing the test with its last status when it does not in time.</summary>
    public static async Task<OrchestrationMetadata> WaitForCompletionAsync(this DurableTaskClient client, string instanceId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            var last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, CancellationToken.None);
            throw new TimeoutException($"Orchestration {instanceId} did not finish within {timeout}: {last?.RuntimeStatus.ToString() ?? "not found"}, custom status {last?.SerializedCustomStatus}.");
        }
    }
}
