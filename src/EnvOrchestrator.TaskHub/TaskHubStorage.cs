using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;

namespace EnvOrchestrator.TaskHub;

/// <summary>The Storage clients of the task hub: by connection string (Azurite, keys) or by account name with Entra ID.</summary>
internal static class TaskHubStorage
{
    /// <summary>
    /// Pinned because the SDKs' defaults are newer than Azurite 3.37 accepts without <c>--skipApiVersionCheck</c>:
    /// with them, a user's own Azurite started with default flags refuses every call.
    /// </summary>
    public const BlobClientOptions.ServiceVersion BlobVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    public const QueueClientOptions.ServiceVersion QueueVersion = QueueClientOptions.ServiceVersion.V2026_06_06;

    public static StorageAccountClientProvider ClientProvider(TaskHubOptions options)
    {
        var blob = new BlobClientOptions(BlobVersion);
        var queue = new QueueClientOptions(QueueVersion);
        if (!string.IsNullOrEmpty(options.ConnectionString))
        {
            return new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(options.ConnectionString, blob),
                StorageServiceClientProvider.ForQueue(options.ConnectionString, queue),
                StorageServiceClientProvider.ForTable(options.ConnectionString));
        }

        var credential = new DefaultAzureCredential();
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(options.ServiceUri("blob"), credential, blob),
            StorageServiceClientProvider.ForQueue(options.ServiceUri("queue"), credential, queue),
            StorageServiceClientProvider.ForTable(options.ServiceUri("table"), credential, new TableClientOptions()));
    }

    public static TableServiceClient Tables(TaskHubOptions options) =>
        !string.IsNullOrEmpty(options.ConnectionString)
            ? new TableServiceClient(options.ConnectionString)
            : new TableServiceClient(options.ServiceUri("table"), new DefaultAzureCredential());
}
