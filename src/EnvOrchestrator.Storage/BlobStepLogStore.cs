using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IStepLogStore"/> on append blobs in container <c>{prefix}-logs</c>, one blob per step:
/// <c>{project}/{environment}/{runId}/{step}.log</c>. Each append is one block (or several for more than 4 MiB),
/// which the service applies atomically, so a reader following the log with ranged reads sees whole appends.
/// </summary>
internal sealed class BlobStepLogStore(EnvironmentStorageClients clients) : IStepLogStore
{
    // The classic append-block limit; newer service versions allow more, Azurite and older accounts do not.
    private const int MaxBlockBytes = 4 * 1024 * 1024;

    public async Task AppendAsync(StepLogId log, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        var bytes = StepLogFormat.Encode(lines);
        var blob = clients.Logs.GetAppendBlobClient(StorageKeys.LogBlob(log));
        for (var start = 0; start < bytes.Length; start += MaxBlockBytes)
        {
            var block = new BinaryData(bytes.AsMemory(start, Math.Min(MaxBlockBytes, bytes.Length - start)));
            try
            {
                await AppendBlockAsync(blob, block, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // The first append creates the blob: one extra round trip per step instead of one per append.
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await AppendBlockAsync(blob, block, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<LogChunk> ReadAsync(StepLogId log, long offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = clients.Logs.GetAppendBlobClient(StorageKeys.LogBlob(log));
        try
        {
            var options = new BlobDownloadOptions { Range = new HttpRange(offset, StepLogFormat.MaxChunkBytes) };
            var download = await blob.DownloadContentAsync(options, cancellationToken).ConfigureAwait(false);
            return StepLogFormat.Decode(download.Value.Content.ToMemory().Span, offset);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 416)
        {
            // Not written yet, or nothing new beyond the offset.
            return new LogChunk([], offset);
        }
    }

    public async Task DeleteRunAsync(EnvironmentId environment, RunId run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(run);
        var options = new GetBlobsOptions { Prefix = StorageKeys.RunLogFolder(environment, run) };
        await foreach (var item in clients.Logs.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            await clients.Logs.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AppendBlockAsync(AppendBlobClient blob, BinaryData block, CancellationToken cancellationToken)
    {
        using var stream = block.ToStream();
        await blob.AppendBlockAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
