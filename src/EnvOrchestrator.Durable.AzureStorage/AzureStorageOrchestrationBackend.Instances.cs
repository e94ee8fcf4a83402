using System.Collections.Immutable;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationBackend
{
    public async Task<InstanceSnapshot?> ReadInstanceAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var partitionKey = InstanceRows.PartitionKey(instanceId);
        if (!includeHistory)
        {
            var row = await _clients.Instances.GetEntityIfExistsAsync<TableEntity>(partitionKey, InstanceRows.StateRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!row.HasValue || row.Value is null)
            {
                return null;
            }

            var (state, _) = await ReadStateAsync(row.Value, includePayloads: true, cancellationToken).ConfigureAwait(false);
            return new InstanceSnapshot(state, row.Value.ETag.ToString(), [], []);
        }

        // One round trip for the state row and pending outboxes; history comes from the cache when it is current.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and (RowKey eq {InstanceRows.StateRowKey} or RowKey ge {InstanceRows.OutboxPrefix})");
        var rows = await QueryAllAsync(filter, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0 || rows[0].RowKey != InstanceRows.StateRowKey)
        {
            _caches.Remove(partitionKey);
            return null;
        }

        var stateRow = rows[0];
        var etag = stateRow.ETag.ToString();
        var stateTask = ReadStateAsync(stateRow, includePayloads: true, cancellationToken);
        var outboxTasks = rows.Skip(1).Select(r => ReadOutboxAsync(r, cancellationToken)).ToList();
        var (snapshotState, stateBlobs) = await stateTask.ConfigureAwait(false);
        // The history query runs after the state query, so a commit in between can add a newer episode; keep the
        // snapshot consistent with the state row it carries (the engine numbers episodes 1..State.Episode).
        var history = await ReadHistoryAsync(partitionKey, snapshotState, etag, cancellationToken).ConfigureAwait(false);
        if (!history.IsEmpty && history[^1].Episode > snapshotState.Episode)
        {
            history = history.RemoveAll(e => e.Episode > snapshotState.Episode);
        }

        var outboxes = await Task.WhenAll(outboxTasks).ConfigureAwait(false);

        _caches.Set(partitionKey, new InstanceCaches.Entry(
            etag,
            snapshotState.ExecutionId,
            snapshotState.CreatedAt,
            history,
            stateBlobs,
            outboxes.Where(o => !o.Blobs.IsEmpty).ToImmutableDictionary(o => o.Record.Key, o => o.Blobs, StringComparer.Ordinal)));
        return new InstanceSnapshot(snapshotState, etag, history, outboxes.Select(o => o.Record).ToArray());
    }

    public async Task DeleteOutboxAsync(string instanceId, string outboxKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(outboxKey);
        var partitionKey = InstanceRows.PartitionKey(instanceId);

        // The SDK treats 404 as success for a single delete.
        await _clients.Instances.DeleteEntityAsync(partitionKey, InstanceRows.OutboxRowKey(outboxKey), ETag.All, cancellationToken).ConfigureAwait(false);
        if (_caches.Find(partitionKey) is { } entry && entry.OutboxBlobs.TryGetValue(outboxKey, out var blobs))
        {
            _caches.Set(partitionKey, entry with { OutboxBlobs = entry.OutboxBlobs.Remove(outboxKey) });
            await _blobs.DeleteQuietlyAsync(blobs, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteHistoryAsync(string instanceId, string executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(executionId);
        var partitionKey = InstanceRows.PartitionKey(instanceId);
        if (_caches.Find(partitionKey)?.ExecutionId == executionId)
        {
            _caches.Remove(partitionKey);
        }

        var prefix = InstanceRows.HistoryPrefixFor(executionId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {RangeEnd(prefix)}");
        var rows = await QueryAllAsync(filter, cancellationToken).ConfigureAwait(false);
        await DeleteRowsAsync(rows, cancellationToken).ConfigureAwait(false);
        await _blobs.DeleteQuietlyAsync(rows.SelectMany(PayloadColumns.BlobNames), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var partitionKey = InstanceRows.PartitionKey(instanceId);
        _caches.Remove(partitionKey);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        var rows = new List<TableEntity>();
        await foreach (var row in _clients.Instances.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        // "$state" sorts first; delete it last, so a purge that dies half-way leaves a visible instance to purge
        // again rather than orphaned history rows that a re-created instance would collide with.
        rows.Reverse();
        await DeleteRowsAsync(rows, cancellationToken).ConfigureAwait(false);
        var blobs = await _blobs.DeletePrefixAsync(PayloadBlobStore.InstancePrefix(instanceId), cancellationToken).ConfigureAwait(false);
        Log.Purged(_logger, rows.Count, blobs);
        return rows.Count > 0;
    }

    /// <summary>The exclusive upper bound of all keys that start with <paramref name="prefix"/>.</summary>
    private static string RangeEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private async Task<List<TableEntity>> QueryAllAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _clients.Instances.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Deletes rows of one partition in entity-group transactions of at most 100.</summary>
    private async Task DeleteRowsAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(TransactionLimits.MaxActions))
        {
            var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All));
            try
            {
                await _clients.Instances.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Someone deleted a row first (a concurrent purge); delete the rest one by one.
                foreach (var row in chunk)
                {
                    await _clients.Instances.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// The state record of a state row, with its payloads (downloading offloaded ones in parallel) unless
    /// <paramref name="includePayloads"/> is false; input and output are then left out, as in the in-memory backend.
    /// </summary>
    private async Task<(InstanceStateRecord State, ImmutableDictionary<string, (string Blob, string Value)> Blobs)> ReadStateAsync(
        TableEntity row, bool includePayloads, CancellationToken cancellationToken)
    {
        var state = InstanceRows.ReadStateColumns(row);
        var names = includePayloads
            ? new[] { InstanceRows.Input, InstanceRows.Output, InstanceRows.CustomStatus, InstanceRows.FailureDetails }
            : [InstanceRows.CustomStatus, InstanceRows.FailureDetails];
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var downloads = new List<(string Name, string Blob, Task<string> Content)>();
        foreach (var name in names)
        {
            values[name] = PayloadColumns.Read(row, name, out var blob);
            if (blob is not null)
            {
                downloads.Add((name, blob, _blobs.DownloadAsync(blob, cancellationToken)));
            }
        }

        var blobs = ImmutableDictionary.Create<string, (string Blob, string Value)>(StringComparer.Ordinal);
        foreach (var (name, blob, content) in downloads)
        {
            var value = await content.ConfigureAwait(false);
            values[name] = value;
            blobs = blobs.Add(name, (blob, value));
        }

        state = state with
        {
            Input = values.GetValueOrDefault(InstanceRows.Input),
            Output = values.GetValueOrDefault(InstanceRows.Output),
            CustomStatus = values.GetValueOrDefault(InstanceRows.CustomStatus),
            FailureDetails = values.GetValueOrDefault(InstanceRows.FailureDetails),
        };
        return (state, blobs);
    }

    private async Task<(OutboxRecord Record, ImmutableArray<string> Blobs)> ReadOutboxAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var json = PayloadColumns.Read(row, InstanceRows.Messages, out var blob);
        json ??= blob is null ? "[]" : await _blobs.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        var key = row.GetString("Key") ?? KeyEscaper.Unescape(row.RowKey[InstanceRows.OutboxPrefix.Length..]);
        return (new OutboxRecord(key, OutboxSerializer.Deserialize(json)), blob is null ? [] : [blob]);
    }

    private async Task<HistoryEpisode> ReadEpisodeAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var events = PayloadColumns.Read(row, InstanceRows.Events, out var blob);
        events ??= blob is null ? string.Empty : await _blobs.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        return new HistoryEpisode(row.GetString("ExecutionId") ?? string.Empty, row.GetInt32("Episode") ?? 0, events);
    }

    /// <summary>
    /// The current execution's history: from the cache when it describes this very state version, topped up with
    /// the newer rows when it describes an older version of the same execution, otherwise read in full.
    /// </summary>
    private async Task<ImmutableList<HistoryEpisode>> ReadHistoryAsync(
        string partitionKey, InstanceStateRecord state, string etag, CancellationToken cancellationToken)
    {
        var cached = _caches.Find(partitionKey);
        if (cached is not null && (cached.ExecutionId != state.ExecutionId || !InstanceCaches.SameInstant(cached.CreatedAt, state.CreatedAt)))
        {
            cached = null;
        }

        if (cached is not null && cached.ETag == etag)
        {
            return cached.History;
        }

        var prefix = InstanceRows.HistoryPrefixFor(state.ExecutionId);
        var from = cached is { History.IsEmpty: false }
            ? TableClient.CreateQueryFilter($"RowKey gt {InstanceRows.HistoryRowKey(state.ExecutionId, cached.History[^1].Episode)}")
            : TableClient.CreateQueryFilter($"RowKey ge {prefix}");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey lt {RangeEnd(prefix)}") + " and " + from;
        var rows = await QueryAllAsync(filter, cancellationToken).ConfigureAwait(false);
        var episodes = await Task.WhenAll(rows.Select(r => ReadEpisodeAsync(r, cancellationToken))).ConfigureAwait(false);
        return (cached?.History ?? []).AddRange(episodes);
    }
}
