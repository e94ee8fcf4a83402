using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// Wires the SDK's worker and client to DTFx's Azure Storage provider the way the SDK wires its own backends:
/// <c>AddDurableTaskWorker(b => b.AddTasks(...).UseAzureStorage())</c> and <c>AddDurableTaskClient(b => b.UseAzureStorage())</c>.
/// Both share one <see cref="TaskHubRuntime"/>, configured once with <see cref="AddTaskHub"/>.
/// </summary>
public static class TaskHubBuilderExtensions
{
    /// <summary>Configures the task hub (<see cref="TaskHubOptions"/>) both builders run on.</summary>
    public static IServiceCollection AddTaskHub(this IServiceCollection services, Action<TaskHubOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TaskHubOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrEmpty(o.ConnectionString) || !string.IsNullOrEmpty(o.AccountName), "TaskHub needs a ConnectionString or an AccountName.")
            .Validate(
                o => !string.IsNullOrEmpty(o.ConnectionString) || (Uri.CheckHostName(o.AccountName) == UriHostNameType.Dns && Uri.CheckHostName(o.EndpointSuffix) == UriHostNameType.Dns),
                "TaskHub:AccountName and TaskHub:EndpointSuffix must be host names (e.g. 'mystorage' and 'core.windows.net').")
            .Validate(o => TaskHubNames.IsValid(o.TaskHubName), "TaskHub:TaskHubName must be 3–45 letters and digits and start with a letter.")
            .Validate(o => o.PartitionCount is >= 1 and <= 16, "TaskHub:PartitionCount must be 1–16.")
            .Validate(o => o.MaxQueuePollingInterval > TimeSpan.Zero, "TaskHub:MaxQueuePollingInterval must be positive.")
            .Validate(o => o.WorkItemVisibilityTimeout >= MinVisibility, VisibilityMessage(nameof(TaskHubOptions.WorkItemVisibilityTimeout)))
            .Validate(o => o.ControlQueueVisibilityTimeout >= MinVisibility, VisibilityMessage(nameof(TaskHubOptions.ControlQueueVisibilityTimeout)))
            .Validate(o => o.PartitionLeaseRenewInterval > TimeSpan.Zero && o.PartitionLeaseRenewInterval < o.PartitionLeaseInterval, "TaskHub:PartitionLeaseRenewInterval must be positive and shorter than PartitionLeaseInterval.")
            .Validate(o => o.ControlQueueBatchSize is >= 1 and <= 32, "TaskHub:ControlQueueBatchSize must be 1–32.")
            .Validate(o => o.MaxConcurrentActivities >= 1 && o.MaxConcurrentOrchestrations >= 1, "TaskHub:MaxConcurrentActivities and MaxConcurrentOrchestrations must be at least 1.")
            .Validate(o => o.MaxActivityDeliveries >= 1, "TaskHub:MaxActivityDeliveries must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton<TaskHubRuntime>();
        return services;
    }

    /// <summary>
    /// DTFx renews the queue message of a running activity or orchestration episode every 5 s at most; a visibility
    /// not well above that lets the message reappear, and a second worker run the same work, while the first still
    /// runs it. (Azure Storage also counts visibility in whole seconds.)
    /// </summary>
    private static readonly TimeSpan MinVisibility = TimeSpan.FromSeconds(10);

    private static string VisibilityMessage(string option) =>
        $"TaskHub:{option} must be at least {MinVisibility.TotalSeconds} s: DTFx renews a running work item's message only every 5 s.";

    /// <summary>Runs the worker's orchestrators and activities in this process on the task hub.</summary>
    public static IDurableTaskWorkerBuilder UseAzureStorage(this IDurableTaskWorkerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBuildTarget<AzureStorageDurableTaskWorker>();
    }

    /// <summary>A client that reads and drives the task hub's instances directly through the provider.</summary>
    public static IDurableTaskClientBuilder UseAzureStorage(this IDurableTaskClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBuildTarget<TaskHubDurableTaskClient>();
    }
}

/// <summary>The provider turns the hub name into queue, table and container names; Azure limits what those may be.</summary>
internal static class TaskHubNames
{
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
