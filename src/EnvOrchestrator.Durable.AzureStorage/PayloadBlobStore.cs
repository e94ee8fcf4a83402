using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Large values in the <c>{hub}-payloads</c> container. Instance payloads live under
/// <c>{escapedInstanceId}/{guid}</c> so purge can delete them by prefix; queue message bodies under
/// <c>~messages/</c> and poison bodies under <c>~poison/</c> (escaped instance ids never start with <c>~</c>).
/// Blob names are always new, never overwritten: a blob is written before the row that references it and a
/// failed or conflicting commit must not change what a committed row points at.
/// </summary>
internal sealed class PayloadBlobStore(BlobContainerClient container, ILogger logger)
{
    public const string MessagesFolder = "~messages/";
    public const string PoisonFolder = "~poison/";

    public static string InstancePrefix(string instanceId) => KeyEscaper.EscapeBlobSegment(instanceId) + "/";

    public static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N");

    public async Task UploadAsync(IReadOnlyCollection<PendingBlob> blobs, CancellationToken cancellationToken)
    {
        if (blobs.Count == 0)
        {
            return;
        }

        await Task.WhenAll(blobs.Select(b =>
            container.GetBlobClient(b.Name).UploadAsync(BinaryData.FromString(b.Content), overwrite: true, cancellationToken))).ConfigureAwait(false);
    }

    public async Task<string> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var result = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return result.Value.Content.ToString();
    }

    /// <summary>Best effort: a blob left behind only costs space until the instance is purged.</summary>
    public async Task DeleteQuietlyAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var list = names.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(list.Select(n => container.DeleteBlobIfExistsAsync(n, cancellationToken: cancellationToken))).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            Log.PayloadDeleteFailed(logger, list.Count, ex);
        }
    }

    /// <summary>Deletes every blob under <paramref name="prefix"/>; returns how many there were.</summary>
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        await Task.WhenAll(names.Select(n => container.DeleteBlobIfExistsAsync(n, cancellationToken: cancellationToken))).ConfigureAwait(false);
        return names.Count;
    }
}
