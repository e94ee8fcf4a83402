using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IRunStore"/> on Table Storage: table <c>{prefix}Runs</c>, PartitionKey = <c>{project}|{environment}</c>,
/// RowKey = inverted creation ticks + id suffix (newest first, see <see cref="StorageKeys.RunRow"/>); the run with
/// its steps as JSON in <c>Body</c> (or a blob). The entity's ETag is the run's version.
/// </summary>
internal sealed class TableRunStore(EnvironmentStorageClients clients, DocumentColumns documents) : IRunStore
{
    private const int SchemaVersion = 1;
    private const int MaxBatch = 100;
    private static readonly string[] PreImageColumns = [DocumentColumns.BodyBlob];

    public async Task<StoreResult<RunRecord>> CreateAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (entity, blob) = await ToEntityAsync(run, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await clients.Runs.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return StoreResult.Success(run with { Version = response.Headers.ETag?.ToString() });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            await documents.DeleteBlobQuietlyAsync(blob, cancellationToken).ConfigureAwait(false);
            return StoreResult.Failure<RunRecord>(StoreOutcome.AlreadyExists);
        }
    }

    public async Task<StoreResult<RunRecord>> SaveAsync(RunRecord run, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        var before = await clients.Runs.GetEntityIfExistsAsync<TableEntity>(
            StorageKeys.RunsPartition(run.Environment), StorageKeys.RunRow(run.Id), PreImageColumns, cancellationToken).ConfigureAwait(false);
        if (!before.HasValue)
        {
            return StoreResult.Failure<RunRecord>(StoreOutcome.NotFound);
        }

        if (before.Value!.ETag.ToString() != expectedVersion)
        {
            return StoreResult.Failure<RunRecord>(StoreOutcome.VersionConflict);
        }

        var (entity, blob) = await ToEntityAsync(run, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await clients.Runs.UpdateEntityAsync(entity, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            if (before.Value.GetString(DocumentColumns.BodyBlob) is { } oldBlob && oldBlob != blob)
            {
                await documents.DeleteBlobQuietlyAsync(oldBlob, cancellationToken).ConfigureAwait(false);
            }

            return StoreResult.Success(run with { Version = response.Headers.ETag?.ToString() });
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            await documents.DeleteBlobQuietlyAsync(blob, cancellationToken).ConfigureAwait(false);
            return StoreResult.Failure<RunRecord>(e.Status == 404 ? StoreOutcome.NotFound : StoreOutcome.VersionConflict);
        }
    }

    public async Task<RunRecord?> FindAsync(EnvironmentId environment, RunId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(id);
        var row = await clients.Runs.GetEntityIfExistsAsync<TableEntity>(
            StorageKeys.RunsPartition(environment), StorageKeys.RunRow(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? await ToRecordAsync(row.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task<RecordPage<RunRecord>> ListAsync(EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Paging.ThrowIfInvalid(pageSize);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.RunsPartition(environment)}");
        var query = clients.Runs.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, pageSize).ConfigureAwait(false))
        {
            var items = await Task.WhenAll(page.Values.Select(e => ToRecordAsync(e, cancellationToken))).ConfigureAwait(false);
            return new RecordPage<RunRecord>([.. items], page.ContinuationToken);
        }

        return new RecordPage<RunRecord>([], null);
    }

    public async Task<int> DeleteAsync(EnvironmentId environment, IReadOnlyCollection<RunId> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(runs);
        var wanted = runs.Select(StorageKeys.RunRow).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return 0;
        }

        // Read the rows first: a transaction fails as a whole on one missing row, and each row names its body blob.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.RunsPartition(environment)}");
        var rows = new List<TableEntity>();
        await foreach (var row in clients.Runs.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", DocumentColumns.BodyBlob], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (wanted.Contains(row.RowKey))
            {
                rows.Add(row);
            }
        }

        // One partition, at most 100 actions per transaction: Azurite accepts more, Azure does not.
        var removed = 0;
        foreach (var chunk in rows.Chunk(MaxBatch))
        {
            removed += await DeleteChunkAsync(chunk, cancellationToken).ConfigureAwait(false);
            foreach (var row in chunk)
            {
                await documents.DeleteBlobQuietlyAsync(row.GetString(DocumentColumns.BodyBlob), cancellationToken).ConfigureAwait(false);
            }
        }

        return removed;
    }

    private async Task<int> DeleteChunkAsync(TableEntity[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Runs.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
            return chunk.Length;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Another purge removed some of these rows meanwhile: remove the rest one by one.
            var removed = 0;
            foreach (var row in chunk)
            {
                using var response = await clients.Runs.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                removed += response.Status == 404 ? 0 : 1;
            }

            return removed;
        }
    }

    private static string BlobFolder(EnvironmentId environment) => "runs/" + StorageKeys.RunsPartition(environment) + "/";

    private async Task<(TableEntity Entity, string? Blob)> ToEntityAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(StorageKeys.RunsPartition(run.Environment), StorageKeys.RunRow(run.Id))
        {
            ["SchemaVersion"] = SchemaVersion,
            ["RunId"] = run.Id.Value,
            ["Kind"] = run.Kind.ToString(),
            ["Status"] = run.Status.ToString(),
            ["RequestedBy"] = run.RequestedBy,
        };
        var blob = await documents.SetBodyAsync(entity, StorageJson.Serialize(RunDocument.From(run)), BlobFolder(run.Environment), cancellationToken).ConfigureAwait(false);
        return (entity, blob);
    }

    private async Task<RunRecord> ToRecordAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var json = await documents.GetBodyAsync(entity, cancellationToken).ConfigureAwait(false);
        return StorageJson.Deserialize<RunDocument>(json).ToRecord(entity.ETag.ToString());
    }
}
