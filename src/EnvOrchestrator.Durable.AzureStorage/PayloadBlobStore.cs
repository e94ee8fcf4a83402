using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Large values in the <c>{hub}-payloads</c> container. Instance payloads live under
/// <c>{escapedInstanceId}/{guid}</c> so purge can delete them by prefix; queue message bodies under
/// <c>~messages/{logicalQueue}/</c> (older ones directly under <c>~messages/</c>) and poison bodies under
/// <c>~poison/</c> (escaped instance ids never start with <c>~</c>). Blob names are always new, never overwritten:
/// a blob is written before the row or message that references it and a failed or conflicting commit must not
/// change what a committed row points at. A crash in between leaves an orphan for the sweep
/// (<see cref="AzureStorageOrchestrationBackend.SweepOrphanPayloadsAsync(TimeSpan, CancellationToken)"/>).
/// </summary>
internal sealed class PayloadBlobStore(BlobContainerClient container, ILogger logger)
{
    public const string MessagesFolder = "~messages/";
    public const string PoisonFolder = "~poison/";

    private const int DeleteParallelism = 16;

    public static string InstancePrefix(string instanceId) => KeyEscaper.EscapeBlobSegment(instanceId) + "/";

    /// <summary>Per queue, so the sweep can tell a body's queue from its name and needs only that queue empty.</summary>
    public static string MessagesPrefix(string logicalQueue) => MessagesFolder + logicalQueue + "/";

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

    /// <summary>Best effort: a blob left behind only costs space until the orphan sweep or a purge removes it.</summary>
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

    /// <summary>One page of the container listing, in name order, from <paramref name="continuation"/> (null: the start).</summary>
    public async Task<PayloadBlobPage> ListPageAsync(string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).AsPages(continuation, pageSize).ConfigureAwait(false))
        {
            // A blob without a timestamp counts as brand new, so the sweep never deletes it.
            var blobs = page.Values
                .Select(b => new PayloadBlobInfo(b.Name, b.Properties.CreatedOn ?? b.Properties.LastModified ?? DateTimeOffset.MaxValue))
                .ToList();
            return new PayloadBlobPage(blobs, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new PayloadBlobPage([], null);
    }

    /// <summary>Deletes <paramref name="names"/>, failing on errors; returns how many still existed.</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await Parallel.ForEachAsync(
            names,
            new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken },
            async (name, token) =>
            {
                if ((await container.DeleteBlobIfExistsAsync(name, cancellationToken: token).ConfigureAwait(false)).Value)
                {
                    Interlocked.Increment(ref deleted);
                }
            }).ConfigureAwait(false);
        return deleted;
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

/// <summary>A listed payload blob and when it was created (server time).</summary>
internal sealed record PayloadBlobInfo(string Name, DateTimeOffset CreatedOn);

/// <summary>One page of the payload container listing; <see cref="Continuation"/> is null after the last page.</summary>
internal sealed record PayloadBlobPage(IReadOnlyList<PayloadBlobInfo> Blobs, string? Continuation);
