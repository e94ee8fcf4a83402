using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// The one Azure Storage orchestration service of this process, shared by the worker and the client (the provider
/// keeps partition leases and caches per instance: two of them in one process would compete with each other).
/// </summary>
public sealed class TaskHubRuntime : IDisposable
{
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private bool _created;

    public TaskHubRuntime(IOptions<TaskHubOptions> options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        Service = new AzureStorageOrchestrationService(Settings(Options, loggerFactory));
        var tables = TaskHubStorage.Tables(Options);
        Deliveries = new ActivityDeliveries(tables.GetTableClient(Options.TaskHubName + "Deliveries"), Options.MaxActivityDeliveries);
        Starts = new InstanceStarts(tables.GetTableClient(Options.TaskHubName + "Starts"), time ?? TimeProvider.System);
    }

    public TaskHubOptions Options { get; }

    /// <summary>DTFx's Azure Storage provider: both the worker's orchestration service and the client's.</summary>
    public AzureStorageOrchestrationService Service { get; }

    internal ActivityDeliveries Deliveries { get; }

    internal InstanceStarts Starts { get; }

    /// <summary>Creates the hub's tables, queues and containers once per process; safe to call from anywhere.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created))
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await Service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                await Deliveries.CreateAsync(cancellationToken).ConfigureAwait(false);
                await Starts.CreateAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _created, true);
            }
        }
        finally
        {
            _createGate.Release();
        }
    }

    public void Dispose()
    {
        Service.Dispose();
        _createGate.Dispose();
    }

    internal static AzureStorageOrchestrationServiceSettings Settings(TaskHubOptions options, ILoggerFactory loggerFactory) => new()
    {
        TaskHubName = options.TaskHubName,
        StorageAccountClientProvider = TaskHubStorage.ClientProvider(options),
        PartitionCount = options.PartitionCount,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        ControlQueueBatchSize = options.ControlQueueBatchSize,
        ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
        WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
        ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
        LeaseInterval = options.PartitionLeaseInterval,
        LeaseRenewInterval = options.PartitionLeaseRenewInterval,
        LeaseAcquireInterval = options.PartitionLeaseRenewInterval,
        WorkerId = string.IsNullOrEmpty(options.WorkerId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : options.WorkerId,

        // One application per hub: the blue/green app lease only slows start-up.
        UseAppLease = false,

        // A start of an instance id that exists in a dedupe status fails loudly instead of being dropped.
        ThrowExceptionOnInvalidDedupeStatus = true,
        LoggerFactory = loggerFactory,
    };
}
