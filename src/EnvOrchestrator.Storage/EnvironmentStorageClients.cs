using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace EnvOrchestrator.Storage;

/// <summary>
/// The table and container clients of the environment storage, created once and shared (they are thread-safe).
/// Tables: <c>{prefix}Environments</c>, <c>{prefix}EnvironmentExpiry</c>, <c>{prefix}Runs</c>,
/// <c>{prefix}ActiveRuns</c>, <c>{prefix}Idempotency</c>, <c>{prefix}Audit</c>, <c>{prefix}ApiKeys</c>, <c>{prefix}Quotas</c>, <c>{prefix}Webhooks</c>, <c>{prefix}WebhookDeliveries</c>, <c>{prefix}WebhookDue</c>; containers: <c>{prefix}-logs</c>, <c>{prefix}-payloads</c> (lower-cased).
/// </summary>
internal sealed class EnvironmentStorageClients
{
    /// <summary>
    /// The newest Blob service version Azurite 3.37 accepts without <c>--skipApiVersionCheck</c>; the SDK's default
    /// is rejected there with 400. Azure accepts it too.
    /// </summary>
    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>
    /// The Table service version, pinned as well: Azurite 3.37 with its default flags accepts this one (the SDK's
    /// current default), and pinning keeps a later SDK from moving to a version Azurite would reject with 400.
    /// </summary>
    public const TableClientOptions.ServiceVersion TableServiceVersion = TableClientOptions.ServiceVersion.V2020_12_06;

    public EnvironmentStorageClients(EnvironmentStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tableOptions = new TableClientOptions(TableServiceVersion);
        var blobOptions = new BlobClientOptions(BlobServiceVersion);
        foreach (var clientOptions in new Azure.Core.ClientOptions[] { tableOptions, blobOptions })
        {
            clientOptions.Diagnostics.IsLoggingEnabled = false;
            clientOptions.Diagnostics.IsTelemetryEnabled = false;
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
            clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        }

        TableServiceClient tables;
        BlobServiceClient blobs;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            tables = new TableServiceClient(options.ConnectionString, tableOptions);
            blobs = new BlobServiceClient(options.ConnectionString, blobOptions);
        }
        else
        {
            var credential = options.Credential ?? throw new InvalidOperationException("A Credential or a ConnectionString is required.");
            tables = new TableServiceClient(options.TableEndpoint, credential, tableOptions);
            blobs = new BlobServiceClient(options.BlobEndpoint, credential, blobOptions);
        }

        var prefix = options.TablePrefix;
        Environments = tables.GetTableClient(prefix + "Environments");
        ExpiryIndex = tables.GetTableClient(prefix + "EnvironmentExpiry");
        Runs = tables.GetTableClient(prefix + "Runs");
        ActiveRuns = tables.GetTableClient(prefix + "ActiveRuns");
        Idempotency = tables.GetTableClient(prefix + "Idempotency");
        Audit = tables.GetTableClient(prefix + "Audit");
        ApiKeys = tables.GetTableClient(prefix + "ApiKeys");
        Quotas = tables.GetTableClient(prefix + "Quotas");
        Webhooks = tables.GetTableClient(prefix + "Webhooks");
        WebhookDeliveries = tables.GetTableClient(prefix + "WebhookDeliveries");
        WebhookDue = tables.GetTableClient(prefix + "WebhookDue");
        Logs = blobs.GetBlobContainerClient(prefix.ToLowerInvariant() + "-logs");
        Payloads = blobs.GetBlobContainerClient(prefix.ToLowerInvariant() + "-payloads");
    }

    public TableClient Environments { get; }

    public TableClient ExpiryIndex { get; }

    public TableClient Runs { get; }

    public TableClient ActiveRuns { get; }

    public TableClient Idempotency { get; }

    public TableClient Audit { get; }

    public TableClient ApiKeys { get; }

    /// <summary>One row per project: the environments holding its quota slots (<see cref="TableProjectQuotaStore"/>).</summary>
    public TableClient Quotas { get; }

    /// <summary>Webhook subscriptions and their deliveries (<see cref="TableWebhookStore"/>).</summary>
    public TableClient Webhooks { get; }

    public TableClient WebhookDeliveries { get; }

    /// <summary>The index of pending deliveries the sender polls, so it never scans the delivery log.</summary>
    public TableClient WebhookDue { get; }

    public BlobContainerClient Logs { get; }

    public BlobContainerClient Payloads { get; }

    public IEnumerable<TableClient> Tables => [Environments, ExpiryIndex, Runs, ActiveRuns, Idempotency, Audit, ApiKeys, Quotas, Webhooks, WebhookDeliveries, WebhookDue];

    public IEnumerable<BlobContainerClient> Containers => [Logs, Payloads];
}
