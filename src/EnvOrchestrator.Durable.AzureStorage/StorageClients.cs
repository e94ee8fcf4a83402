using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// The clients of one task hub, created once and reused for every call (they are thread-safe and share one
/// HTTP connection pool per service).
/// </summary>
/// <remarks>
/// Physical names are derived from the hub name: tables <c>{hub}Instances</c> and <c>{hub}Poison</c>, queues
/// <c>{hub}-control-NN</c> and <c>{hub}-workitems</c>, container <c>{hub}-payloads</c> (queue and container names
/// lower-cased, as the services require).
/// </remarks>
internal sealed class StorageClients
{
    /// <summary>
    /// The newest Blob/Queue service version Azurite 3.37 accepts without <c>--skipApiVersionCheck</c>; the SDKs'
    /// default (2026-10-06) is rejected with 400 by that Azurite. Azure accepts it too. Tables have one version.
    /// </summary>
    public const QueueClientOptions.ServiceVersion QueueServiceVersion = QueueClientOptions.ServiceVersion.V2026_06_06;

    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    private readonly Dictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);
    private readonly string _lowerHub;

    public StorageClients(AzureStorageOrchestrationOptions options, StorageRequestCounter counter)
    {
        var hub = options.TaskHub;
        var lowerHub = hub.ToLowerInvariant();
        _lowerHub = lowerHub;
        var tableOptions = Configure(new TableClientOptions(), counter.Tables);
        var queueOptions = Configure(new QueueClientOptions(QueueServiceVersion), counter.Queues);
        var blobOptions = Configure(new BlobClientOptions(BlobServiceVersion), counter.Blobs);

        TableServiceClient tableService;
        QueueServiceClient queueService;
        BlobServiceClient blobService;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            tableService = new TableServiceClient(options.ConnectionString, tableOptions);
            queueService = new QueueServiceClient(options.ConnectionString, queueOptions);
            blobService = new BlobServiceClient(options.ConnectionString, blobOptions);
        }
        else
        {
            var credential = options.Credential ?? throw new InvalidOperationException("A Credential or a ConnectionString is required.");
            tableService = new TableServiceClient(options.TableEndpoint, credential, tableOptions);
            queueService = new QueueServiceClient(options.QueueEndpoint, credential, queueOptions);
            blobService = new BlobServiceClient(options.BlobEndpoint, credential, blobOptions);
        }

        QueueService = queueService;
        Instances = tableService.GetTableClient(hub + "Instances");
        Poison = tableService.GetTableClient(hub + "Poison");
        Payloads = blobService.GetBlobContainerClient(lowerHub + "-payloads");
        _queues[QueueNames.WorkItems] = queueService.GetQueueClient(PhysicalQueueName(QueueNames.WorkItems));
        for (var partition = 0; partition < options.PartitionCount; partition++)
        {
            var logical = QueueNames.Control(partition);
            _queues[logical] = queueService.GetQueueClient(PhysicalQueueName(logical));
        }
    }

    public TableClient Instances { get; }

    public TableClient Poison { get; }

    public BlobContainerClient Payloads { get; }

    public IEnumerable<QueueClient> AllQueues => _queues.Values;

    /// <summary>For queues outside the configured set (control queues a smaller partition count strands, poison twins).</summary>
    public QueueServiceClient QueueService { get; }

    public string PhysicalQueueName(string logicalName) => _lowerHub + "-" + logicalName;

    /// <summary>Maps a logical queue name (<see cref="QueueNames"/>) to its client.</summary>
    public QueueClient Queue(string logicalName)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        return _queues.TryGetValue(logicalName, out var client)
            ? client
            : throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Unknown queue '{logicalName}': expected '{QueueNames.WorkItems}' or control-00…control-{_queues.Count - 2:D2}."),
                nameof(logicalName));
    }

    private static T Configure<T>(T options, HttpPipelinePolicy counter)
        where T : ClientOptions
    {
        // Request/response logging is off unless a listener asks; keep it off and count requests instead.
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsTelemetryEnabled = false;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        return options;
    }
}
