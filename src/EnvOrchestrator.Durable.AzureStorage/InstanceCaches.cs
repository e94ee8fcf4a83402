using System.Collections.Concurrent;
using System.Collections.Immutable;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// What this process last saw of an instance, keyed by partition key, to save round trips and uploads:
/// the current execution's history (rows are immutable once added, so a cache tagged with the state ETag is
/// exact while that ETag is current, and can be topped up with only the newer rows otherwise), the blobs the
/// current state row references (reused when a commit keeps the same large value), and the blobs of pending
/// outboxes (deleted with the outbox).
/// </summary>
/// <remarks>
/// Purely an optimisation: a miss costs a query, never correctness, because every entry is checked against the
/// stored state ETag (and execution id / creation time) before use. Bounded by clearing when it grows too large.
/// </remarks>
internal sealed class InstanceCaches
{
    private const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Entry? Find(string partitionKey) => _entries.TryGetValue(partitionKey, out var entry) ? entry : null;

    public void Set(string partitionKey, Entry entry)
    {
        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(partitionKey))
        {
            _entries.Clear();
        }

        _entries[partitionKey] = entry;
    }

    public void Remove(string partitionKey) => _entries.TryRemove(partitionKey, out _);

    /// <summary>Equal to the millisecond: what the caller wrote versus what the table returns.</summary>
    public static bool SameInstant(DateTimeOffset a, DateTimeOffset b) =>
        a.UtcTicks / TimeSpan.TicksPerMillisecond == b.UtcTicks / TimeSpan.TicksPerMillisecond;

    /// <param name="ETag">The state row version this entry describes.</param>
    /// <param name="StateBlobs">Payload column → (blob name, value) for the state row's offloaded values.</param>
    /// <param name="OutboxBlobs">Outbox key → blobs its row references.</param>
    internal sealed record Entry(
        string ETag,
        string ExecutionId,
        DateTimeOffset CreatedAt,
        ImmutableList<HistoryEpisode> History,
        ImmutableDictionary<string, (string Blob, string Value)> StateBlobs,
        ImmutableDictionary<string, ImmutableArray<string>> OutboxBlobs);
}
