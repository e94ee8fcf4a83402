using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace EnvOrchestrator.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationBackend
{
    /// <summary>
    /// The shortest age the sweep accepts. A blob is uploaded just before the row write or send that references it;
    /// the age must be far longer than that gap can ever be in a live process (SDK retries included).
    /// </summary>
    public static readonly TimeSpan MinOrphanPayloadAge = TimeSpan.FromHours(1);

    /// <summary>Blobs examined per pass; the next pass continues where this one stopped.</summary>
    internal const int MaxBlobsPerSweep = 5_000;

    private const int SweepPageSize = 1_000;
    private const int SweepReadParallelism = 8;

    /// <summary>The Functions host moves a message it failed too often to this twin queue, text unchanged.</summary>
    private const string HostPoisonQueueSuffix = "-poison";

    // Where the listing stopped; null starts from the beginning. Overlapping passes only scan some blobs twice.
    private string? _sweepContinuation;

    /// <summary>
    /// Deletes payload blobs that nothing can reference any more: a crash between a blob upload and the row write or
    /// send that would reference it, or a best-effort delete that failed, leaves them behind. One pass examines at most
    /// 5,000 blobs and resumes where the previous pass stopped. Safe to run in several processes at once.
    /// </summary>
    /// <remarks>
    /// A blob is deleted only when it was created more than <paramref name="olderThan"/> ago and, read after the blob
    /// was listed, nothing references it: for an instance blob no row of that instance's partition, for a poison body
    /// no poison row, for a message body no message at all in its queue (or, for a body not filed by queue, in any of
    /// the hub's queues) nor in the Functions host's <c>-poison</c> twin. Queue messages never expire and cannot be
    /// listed, so an empty queue is the only proof that no message references a body; bodies of busy queues wait.
    /// A young blob may belong to a write still in flight and is always kept; a blob whose name this backend does not
    /// write is never touched.
    /// </remarks>
    /// <param name="olderThan">At least <see cref="MinOrphanPayloadAge"/>.</param>
    public Task<OrphanPayloadSweepResult> SweepOrphanPayloadsAsync(TimeSpan olderThan, CancellationToken cancellationToken) =>
        SweepOrphanPayloadsAsync(olderThan, MaxBlobsPerSweep, cancellationToken);

    internal async Task<OrphanPayloadSweepResult> SweepOrphanPayloadsAsync(TimeSpan olderThan, int maxBlobs, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, MinOrphanPayloadAge);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlobs, 1);
        var createdBefore = _timeProvider.GetUtcNow() - olderThan;
        var continuation = _sweepContinuation;
        int examined = 0, deleted = 0;
        do
        {
            var page = await _blobs.ListPageAsync(continuation, Math.Min(SweepPageSize, maxBlobs - examined), cancellationToken).ConfigureAwait(false);
            examined += page.Blobs.Count;
            continuation = page.Continuation;
            var old = page.Blobs.Where(b => b.CreatedOn < createdBefore).Select(b => b.Name).ToList();
            if (old.Count > 0)
            {
                // References are read only now, after the listing: a blob old at listing time can no longer gain a reference.
                var orphans = await UnreferencedAsync(old, cancellationToken).ConfigureAwait(false);
                deleted += await _blobs.DeleteAsync(orphans, cancellationToken).ConfigureAwait(false);
            }

            // After each page: a page that keeps failing must not hold back the pages after it forever.
            _sweepContinuation = continuation;
        }
        while (continuation is not null && examined < maxBlobs);

        var result = new OrphanPayloadSweepResult(examined, deleted, continuation is null);
        if (deleted > 0)
        {
            Log.OrphanPayloadsDeleted(_logger, deleted, examined, olderThan);
        }
        else
        {
            Log.NoOrphanPayloads(_logger, examined);
        }

        return result;
    }

    private async Task<List<string>> UnreferencedAsync(List<string> names, CancellationToken cancellationToken)
    {
        var owned = names.Select(n => (Name: n, Owner: PayloadBlobOwner.Parse(n))).ToList();
        var orphans = new ConcurrentBag<string>();

        var instances = owned.Where(b => b.Owner.Kind == PayloadBlobKind.Instance).GroupBy(b => b.Owner.Key!, StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            instances,
            new ParallelOptions { MaxDegreeOfParallelism = SweepReadParallelism, CancellationToken = cancellationToken },
            async (blobs, token) =>
            {
                var referenced = await ReferencedBlobsAsync(_clients.Instances, blobs.Key, InstanceRows.BlobColumns, token).ConfigureAwait(false);
                foreach (var (name, _) in blobs.Where(b => !referenced.Contains(b.Name)))
                {
                    orphans.Add(name);
                }
            }).ConfigureAwait(false);

        var poison = owned.Where(b => b.Owner.Kind == PayloadBlobKind.Poison).Select(b => b.Name).ToList();
        if (poison.Count > 0)
        {
            var referenced = await ReferencedBlobsAsync(_clients.Poison, PoisonPartition, [PayloadColumns.BlobColumn(PoisonBody)], cancellationToken).ConfigureAwait(false);
            foreach (var name in poison.Where(n => !referenced.Contains(n)))
            {
                orphans.Add(name);
            }
        }

        var messages = owned.Where(b => b.Owner.Kind == PayloadBlobKind.Message).ToList();
        if (messages.Count > 0)
        {
            var queues = messages.Any(m => m.Owner.Key is null)
                ? PayloadBlobOwner.AllLogicalQueues
                : messages.Select(m => m.Owner.Key!).Distinct(StringComparer.Ordinal).ToList();
            var empty = await EmptyQueuesAsync(queues, cancellationToken).ConfigureAwait(false);
            var allEmpty = PayloadBlobOwner.AllLogicalQueues.All(empty.Contains);
            foreach (var message in messages.Where(m => m.Owner.Key is { } queue ? empty.Contains(queue) : allEmpty))
            {
                orphans.Add(message.Name);
            }
        }

        return [.. orphans];
    }

    private static async Task<HashSet<string>> ReferencedBlobsAsync(TableClient table, string partitionKey, IEnumerable<string> blobColumns, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: blobColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            referenced.UnionWith(PayloadColumns.BlobNames(row));
        }

        return referenced;
    }

    /// <summary>The logical queues that hold no message, counting the host's poison twin and invisible (delayed or leased) messages.</summary>
    private async Task<HashSet<string>> EmptyQueuesAsync(IReadOnlyCollection<string> logicalQueues, CancellationToken cancellationToken)
    {
        var empty = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            logicalQueues,
            new ParallelOptions { MaxDegreeOfParallelism = SweepReadParallelism, CancellationToken = cancellationToken },
            async (logical, token) =>
            {
                // Main, twin, main again: a message moved between the two in either direction (the host's poison move,
                // or a re-drive back) is seen in one of the reads.
                var physical = _clients.PhysicalQueueName(logical);
                if (await MessageCountAsync(physical, token).ConfigureAwait(false) == 0
                    && await MessageCountAsync(physical + HostPoisonQueueSuffix, token).ConfigureAwait(false) == 0
                    && await MessageCountAsync(physical, token).ConfigureAwait(false) == 0)
                {
                    empty.Add(logical);
                }
            }).ConfigureAwait(false);
        return empty.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The service's count includes invisible messages and is never lower than the real number (it may be higher,
    /// which only keeps more); a queue that does not exist holds nothing.
    /// </summary>
    private async Task<long> MessageCountAsync(string physicalQueue, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await _clients.QueueService.GetQueueClient(physicalQueue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return properties.Value.ApproximateMessagesCountLong;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }
}
