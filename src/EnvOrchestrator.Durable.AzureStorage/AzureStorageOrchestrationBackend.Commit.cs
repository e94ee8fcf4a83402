using System.Collections.Immutable;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationBackend
{
    /// <remarks>
    /// One entity-group transaction: state Add (new instance) or UpdateReplace If-Match, history Add, outbox Add
    /// (UpdateReplace when the same key is also listed for deletion), outbox Deletes. Every row has the instance's
    /// partition key, so the transaction cannot span partitions. Large values are uploaded to new blobs first; a
    /// conflicting commit deletes them again. 409 (row exists), 412 (ETag changed) and 404 (a row to replace or
    /// delete is gone) all mean "the stored instance is not what the caller read" and return Conflict.
    /// </remarks>
    /// <exception cref="ArgumentException">The commit would exceed 100 actions or 4 MiB, or mixes instances.</exception>
    public async Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (!string.Equals(commit.State.InstanceId, commit.InstanceId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The state row belongs to another instance.", nameof(commit));
        }

        var deletes = commit.OutboxKeysToDelete.Distinct(StringComparer.Ordinal).ToList();
        var replacesOutbox = commit.NewOutbox is { } newOutbox && deletes.Remove(newOutbox.Key);
        var actionCount = 1 + (commit.NewEpisode is null ? 0 : 1) + (commit.NewOutbox is null ? 0 : 1) + deletes.Count;
        if (actionCount > TransactionLimits.MaxActions)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A commit may hold at most {TransactionLimits.MaxActions} rows (state, episode, outbox and outbox deletions); this one holds {actionCount}."),
                nameof(commit));
        }

        var partitionKey = InstanceRows.PartitionKey(commit.InstanceId);
        var cached = _caches.Find(partitionKey);
        if (commit.ExpectedETag is null || cached?.ETag != commit.ExpectedETag)
        {
            cached = null;
        }

        var plan = PlanRows(commit, partitionKey, cached);
        if (plan.EstimatedBytes + (actionCount * PayloadColumns.RowOverhead) > TransactionLimits.MaxRequestBytes)
        {
            throw new ArgumentException("The commit would exceed the 4 MiB transaction limit.", nameof(commit));
        }

        var actions = new List<TableTransactionAction>(actionCount)
        {
            commit.ExpectedETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, plan.State)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, plan.State, new ETag(commit.ExpectedETag)),
        };
        if (plan.History is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, plan.History));
        }

        if (plan.Outbox is not null)
        {
            actions.Add(replacesOutbox
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, plan.Outbox, ETag.All)
                : new TableTransactionAction(TableTransactionActionType.Add, plan.Outbox));
        }

        actions.AddRange(deletes.Select(key => new TableTransactionAction(
            TableTransactionActionType.Delete, new TableEntity(partitionKey, InstanceRows.OutboxRowKey(key)), ETag.All)));

        if (plan.Uploads.Count > 0)
        {
            Log.PayloadsOffloaded(_logger, plan.Uploads.Count);
            await _blobs.UploadAsync(plan.Uploads, cancellationToken).ConfigureAwait(false);
        }

        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await _clients.Instances.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            Log.CommitConflict(_logger, ex.Status, (ex as TableTransactionFailedException)?.FailedTransactionActionIndex);
            _caches.Remove(partitionKey);
            await DeleteUnreferencedUploadsAsync(plan.Uploads, cancellationToken).ConfigureAwait(false);
            return CommitResult.Conflict;
        }

        var etag = response.Value.Count > 0 && response.Value[0].Headers.ETag is { } returned
            ? returned.ToString()
            : await ReadETagAsync(partitionKey, cancellationToken).ConfigureAwait(false);
        await AfterCommitAsync(commit, partitionKey, etag, cached, plan, deletes, cancellationToken).ConfigureAwait(false);
        return CommitResult.Committed(etag);
    }

    /// <summary>
    /// The SDK retries a batch whose reply was lost; if the first attempt committed, the "conflict" is our own write
    /// and its rows name these blobs. So only blobs no row names go now; if that cannot be read, the sweep takes them.
    /// </summary>
    internal async Task DeleteUnreferencedUploadsAsync(List<PendingBlob> uploads, CancellationToken cancellationToken)
    {
        if (uploads.Count == 0)
        {
            return;
        }

        List<string> unreferenced;
        try
        {
            unreferenced = await UnreferencedAsync([.. uploads.Select(u => u.Name)], cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            return;
        }

        await _blobs.DeleteQuietlyAsync(unreferenced, cancellationToken).ConfigureAwait(false);
    }

    private RowPlan PlanRows(InstanceCommit commit, string partitionKey, InstanceCaches.Entry? cached)
    {
        var uploads = new List<PendingBlob>();
        var blobPrefix = PayloadBlobStore.InstancePrefix(commit.InstanceId);
        string NewBlob() => PayloadBlobStore.NewName(blobPrefix);

        var state = InstanceRows.StateEntity(partitionKey, commit.State);

        // A large value the current row already keeps in a blob (typically the input) is not uploaded again.
        string? Reuse(string column, string value) =>
            cached is not null && cached.StateBlobs.TryGetValue(column, out var existing) && string.Equals(existing.Value, value, StringComparison.Ordinal)
                ? existing.Blob
                : null;
        var bytes = PayloadColumns.Write(state, InstanceRows.StatePayloads(commit.State), NewBlob, Reuse, uploads);

        TableEntity? history = null;
        if (commit.NewEpisode is { } episode)
        {
            history = InstanceRows.HistoryEntity(partitionKey, episode);
            bytes += PayloadColumns.Write(history, [new(InstanceRows.Events, episode.EventsJson)], NewBlob, null, uploads);
        }

        TableEntity? outbox = null;
        if (commit.NewOutbox is { } newOutbox)
        {
            outbox = InstanceRows.OutboxEntity(partitionKey, newOutbox);
            bytes += PayloadColumns.Write(outbox, [new(InstanceRows.Messages, OutboxSerializer.Serialize(newOutbox.Messages))], NewBlob, null, uploads);
        }

        return new RowPlan(state, history, outbox, uploads, bytes);
    }

    private async Task AfterCommitAsync(
        InstanceCommit commit, string partitionKey, string etag, InstanceCaches.Entry? cached, RowPlan plan, List<string> deletedOutboxes, CancellationToken cancellationToken)
    {
        var stateBlobs = ImmutableDictionary.Create<string, (string Blob, string Value)>(StringComparer.Ordinal);
        foreach (var (column, value) in InstanceRows.StatePayloads(commit.State))
        {
            if (value is not null && plan.State.GetString(PayloadColumns.BlobColumn(column)) is { } blob)
            {
                stateBlobs = stateBlobs.Add(column, (blob, value));
            }
        }

        var garbage = new List<string>();
        if (cached is not null)
        {
            var kept = stateBlobs.Values.Select(v => v.Blob).ToHashSet(StringComparer.Ordinal);
            garbage.AddRange(cached.StateBlobs.Values.Select(v => v.Blob).Where(b => !kept.Contains(b)));
            foreach (var key in deletedOutboxes.Append(commit.NewOutbox?.Key).OfType<string>())
            {
                if (cached.OutboxBlobs.TryGetValue(key, out var outboxBlobs))
                {
                    garbage.AddRange(outboxBlobs);
                }
            }
        }

        // Cache what this process now knows to be stored, so the next read of this instance costs one query.
        var sameExecution = commit.ExpectedETag is null || (cached is not null && cached.ExecutionId == commit.State.ExecutionId);
        if (sameExecution && (commit.NewEpisode is null || commit.NewEpisode.ExecutionId == commit.State.ExecutionId))
        {
            var history = cached?.History ?? [];
            if (commit.NewEpisode is not null)
            {
                history = history.Add(commit.NewEpisode);
            }

            var outboxBlobs = cached?.OutboxBlobs.RemoveRange(deletedOutboxes) ?? ImmutableDictionary.Create<string, ImmutableArray<string>>(StringComparer.Ordinal);
            if (commit.NewOutbox is not null && plan.Outbox?.GetString(PayloadColumns.BlobColumn(InstanceRows.Messages)) is { } outboxBlob)
            {
                outboxBlobs = outboxBlobs.SetItem(commit.NewOutbox.Key, [outboxBlob]);
            }

            _caches.Set(partitionKey, new InstanceCaches.Entry(etag, commit.State.ExecutionId, commit.State.CreatedAt, history, stateBlobs, outboxBlobs));
        }
        else
        {
            _caches.Remove(partitionKey);
        }

        await _blobs.DeleteQuietlyAsync(garbage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fallback for a transaction reply without an ETag (not seen on Azure or Azurite 3.37).</summary>
    private async Task<string> ReadETagAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var row = await _clients.Instances.GetEntityAsync<TableEntity>(partitionKey, InstanceRows.StateRowKey, ["RowKey"], cancellationToken).ConfigureAwait(false);
        return row.Value.ETag.ToString();
    }

    private sealed record RowPlan(TableEntity State, TableEntity? History, TableEntity? Outbox, List<PendingBlob> Uploads, long EstimatedBytes);
}
