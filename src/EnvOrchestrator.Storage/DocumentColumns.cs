using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Storage;

/// <summary>
/// Puts a JSON document into an entity's <c>Body</c> column, or, when it is longer than
/// <see cref="MaxInlineChars"/>, into a blob named by the <c>BodyBlob</c> column. A table string property holds at most
/// 32K UTF-16 characters; environments with many resources or large outputs exceed that.
/// </summary>
/// <remarks>
/// Offloaded bodies get a new blob name on every write (never overwritten in place), so a writer that loses an
/// optimistic-concurrency race can never corrupt the body the winner points to. The loser deletes its blob; the
/// winner deletes the previous body's blob after its write succeeded.
/// </remarks>
internal sealed class DocumentColumns(EnvironmentStorageClients clients, ILogger<DocumentColumns> logger)
{
    public const int MaxInlineChars = 30_000;
    public const string Body = "Body";
    public const string BodyBlob = "BodyBlob";

    /// <summary>Adds the document to <paramref name="entity"/>; returns the blob written, if any (for cleanup on a failed write).</summary>
    public async Task<string?> SetBodyAsync(TableEntity entity, string json, string blobFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length <= MaxInlineChars)
        {
            entity[Body] = json;
            return null;
        }

        var name = blobFolder + Guid.NewGuid().ToString("N") + ".json";
        await clients.Payloads.GetBlobClient(name).UploadAsync(BinaryData.FromString(json), overwrite: false, cancellationToken).ConfigureAwait(false);
        entity[BodyBlob] = name;
        logger.PayloadOffloaded(json.Length, name);
        return name;
    }

    public async Task<string> GetBodyAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetString(Body) is { } inline)
        {
            return inline;
        }

        var name = entity.GetString(BodyBlob) ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has neither {Body} nor {BodyBlob}.");
        var content = await clients.Payloads.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return content.Value.Content.ToString();
    }

    /// <summary>Deletes a body blob that no row points to any more; a failure only leaves an orphan blob behind.</summary>
    public async Task DeleteBlobQuietlyAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is null)
        {
            return;
        }

        try
        {
            await clients.Payloads.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            logger.PayloadCleanupFailed(name, e.Status);
        }
    }
}
