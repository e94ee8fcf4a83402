using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationBackend
{
    /// <summary>All poison rows share one partition: they are few, and listing them is one query.</summary>
    private const string PoisonPartition = "poison";

    private const string PoisonBody = "Body";

    public async Task StorePoisonMessageAsync(PoisonMessageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = new TableEntity(PoisonPartition, KeyEscaper.EscapeKey(record.Id))
        {
            ["Id"] = record.Id,
            ["Queue"] = record.Queue,
            ["DequeueCount"] = record.DequeueCount,
            ["ParkedAt"] = record.ParkedAt.ToUniversalTime(),
            ["Reason"] = record.Reason,
        };
        if (record.InstanceId is not null)
        {
            entity["InstanceId"] = record.InstanceId;
        }

        var uploads = new List<PendingBlob>();
        PayloadColumns.Write(entity, [new(PoisonBody, record.Body)], () => PayloadBlobStore.NewName(PayloadBlobStore.PoisonFolder), null, uploads);
        await _blobs.UploadAsync(uploads, cancellationToken).ConfigureAwait(false);
        await _clients.Poison.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PoisonMessageRecord>> ListPoisonMessagesAsync(CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PoisonPartition}");
        await foreach (var row in _clients.Poison.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var records = await Task.WhenAll(rows.Select(async row =>
        {
            var body = PayloadColumns.Read(row, PoisonBody, out var blob)
                ?? (blob is null ? string.Empty : await _blobs.DownloadAsync(blob, cancellationToken).ConfigureAwait(false));
            return new PoisonMessageRecord(
                row.GetString("Id") ?? KeyEscaper.Unescape(row.RowKey),
                row.GetString("Queue") ?? string.Empty,
                body,
                row.GetInt64("DequeueCount") ?? 0,
                row.GetDateTimeOffset("ParkedAt") ?? DateTimeOffset.MinValue,
                row.GetString("InstanceId"),
                row.GetString("Reason") ?? string.Empty);
        })).ConfigureAwait(false);
        return records.OrderBy(r => r.ParkedAt).ToArray();
    }

    public async Task<bool> DeletePoisonMessageAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rowKey = KeyEscaper.EscapeKey(id);
        var existing = await _clients.Poison.GetEntityIfExistsAsync<TableEntity>(PoisonPartition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value is null)
        {
            return false;
        }

        var response = await _clients.Poison.DeleteEntityAsync(PoisonPartition, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        await _blobs.DeleteQuietlyAsync(PayloadColumns.BlobNames(existing.Value), cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }
}
