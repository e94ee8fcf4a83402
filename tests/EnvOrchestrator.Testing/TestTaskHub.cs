using EnvOrchestrator.TaskHub;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Testing;

/// <summary>
/// The Durable Task runtime as the service composes it, on the test process's shared Azurite, in a task hub of its
/// own (so hosts never see each other's instances) and with the polling of a busy service rather than an idle one.
/// </summary>
public static class TestTaskHub
{
    /// <param name="connectionString">The emulator's, e.g. from <see cref="AzuriteFixture.SharedAsync"/>.</param>
    public static IServiceCollection AddTestTaskHub(this IServiceCollection services, string connectionString, Action<TaskHubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var hub = AzuriteFixture.UniqueName("hub");
        services.AddTaskHub(o =>
        {
            o.ConnectionString = connectionString;
            o.TaskHubName = hub;
            o.PartitionCount = 2;
            o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(o);
        });
        services.AddDurableTaskWorker(builder => builder.UseAzureStorage());
        services.AddDurableTaskClient(builder => builder.UseAzureStorage());
        return services;
    }
}
