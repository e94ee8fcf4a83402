using Azure;
using EnvOrchestrator.Durable.Backend;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// <see cref="IOrchestrationBackend"/> on Azure Storage: instance partitions in a table (one entity-group transaction
/// per commit), control and work-item queues, and a blob container for values too large for rows or messages.
/// Works against Azure (connection string or Entra ID) and Azurite. See docs/architecture.md for the layout.
/// </summary>
public sealed partial class AzureStorageOrchestrationBackend : IOrchestrationBackend
{
    private readonly StorageClients _clients;
    private readonly PayloadBlobStore _blobs;
    private readonly InstanceCaches _caches = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public AzureStorageOrchestrationBackend(
        IOptions<AzureStorageOrchestrationOptions> options,
        TimeProvider timeProvider,
        ILogger<AzureStorageOrchestrationBackend> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var value = options.Value;
        var errors = AzureStorageOrchestrationOptionsValidator.Errors(value);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(AzureStorageOrchestrationOptions), typeof(AzureStorageOrchestrationOptions), errors);
        }

        TaskHub = value.TaskHub;
        PartitionCount = value.PartitionCount;
        _timeProvider = timeProvider;
        _logger = logger;
        _clients = new StorageClients(value, RequestCounter);
        _blobs = new PayloadBlobStore(_clients.Payloads, logger);
    }

    public string TaskHub { get; }

    public int PartitionCount { get; }

    /// <summary>Requests sent so far, per service (benchmarks and diagnostics).</summary>
    internal StorageRequestCounter RequestCounter { get; } = new();

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        var work = new List<Task>
        {
            _clients.Instances.CreateIfNotExistsAsync(cancellationToken),
            _clients.Poison.CreateIfNotExistsAsync(cancellationToken),
            _clients.Payloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
        };
        work.AddRange(_clients.AllQueues.Select(q => q.CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work).ConfigureAwait(false);
        Log.HubReady(_logger, TaskHub, PartitionCount);
    }

    public async Task DeleteTaskHubAsync(CancellationToken cancellationToken)
    {
        var work = new List<Task>
        {
            IgnoreNotFound(_clients.Instances.DeleteAsync(cancellationToken)),
            IgnoreNotFound(_clients.Poison.DeleteAsync(cancellationToken)),
            _clients.Payloads.DeleteIfExistsAsync(cancellationToken: cancellationToken),
        };
        work.AddRange(_clients.AllQueues.Select(q => q.DeleteIfExistsAsync(cancellationToken)));
        await Task.WhenAll(work).ConfigureAwait(false);
        Log.HubDeleted(_logger, TaskHub);
    }

    private static async Task IgnoreNotFound(Task<Response> operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: deleting is idempotent.
        }
    }
}
