using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Storage;

/// <summary>
/// The expiry index: one row per environment that still needs destroying on expiry, in table
/// <c>{prefix}EnvironmentExpiry</c> with PartitionKey = the hour of expiry (<c>yyyyMMddHH</c>, UTC) and
/// RowKey = <c>{expiresAt UTC ticks:D19}|{project}|{name}</c>. Both keys sort chronologically as text, so "everything
/// due before T" is one range query that starts at the oldest row and stops in T's hour, however many environments
/// expire later. Bucketing by hour spreads writes over partitions instead of one hot partition.
/// </summary>
/// <remarks>
/// The index lives in another table than the environments, so it cannot be written in the same transaction. The
/// writers keep one invariant instead: every stored environment with an expiry that is not destroyed has a row for
/// its current expiry, because the row is written <em>before</em> the environment. Rows can therefore be stale (an
/// extension or a failed write leaves the old one behind); the writer removes the row it replaced, and the reader
/// re-checks each due row against the environment and removes stale rows. Every removal is conditional on the
/// row's ETag, so a row re-written meanwhile by another writer is never lost.
/// </remarks>
internal sealed class ExpiryIndex(EnvironmentStorageClients clients, ILogger<ExpiryIndex> logger)
{
    public const string ProjectColumn = "Project";
    public const string NameColumn = "Name";
    public const string TicksColumn = "ExpiresAtTicks";

    public static string Bucket(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public static string TicksKey(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The row an environment in this state needs, or null when it needs none (no expiry, or destroyed).</summary>
    public static IndexKey? KeyOf(EnvironmentId id, DateTimeOffset? expiresAt, EnvironmentStatus status) =>
        expiresAt is { } at && EnvironmentStatusMachine.MayHoldResources(status) ? KeyAt(id, at) : null;

    /// <summary>The row of an environment expiring at <paramref name="expiresAt"/>, whether or not it still needs one.</summary>
    public static IndexKey KeyAt(EnvironmentId id, DateTimeOffset expiresAt) =>
        new(Bucket(expiresAt), TicksKey(expiresAt) + "|" + StorageKeys.Partition(id.Project) + "|" + StorageKeys.Row(id.Name));

    public async Task UpsertAsync(IndexKey key, EnvironmentId id, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var row = new TableEntity(key.Partition, key.Row)
        {
            [ProjectColumn] = id.Project.Value,
            [NameColumn] = id.Name.Value,
            [TicksColumn] = expiresAt.UtcTicks,
        };
        await clients.ExpiryIndex.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ETag?> FindETagAsync(IndexKey key, CancellationToken cancellationToken)
    {
        var row = await clients.ExpiryIndex.GetEntityIfExistsAsync<TableEntity>(key.Partition, key.Row, [TicksColumn], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.ETag : null;
    }

    /// <summary>Removes a row if it is still the version read; a failure leaves a stale row the reader will drop.</summary>
    public async Task RemoveQuietlyAsync(IndexKey key, ETag etag, string environmentId, CancellationToken cancellationToken)
    {
        try
        {
            await clients.ExpiryIndex.DeleteEntityAsync(key.Partition, key.Row, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or re-written by another writer for an environment that needs it again.
        }
        catch (RequestFailedException e)
        {
            logger.ExpiryEntryCleanupFailed(environmentId, e.Status);
        }
    }

    /// <summary>The rows due strictly before <paramref name="before"/>, in expiry order, page by page.</summary>
    public IAsyncEnumerable<Page<TableEntity>> DueAsync(DateTimeOffset before, int pageSize, CancellationToken cancellationToken)
    {
        // Rows of earlier hours all sort below the bound, so one RowKey bound serves every partition in the range.
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {Bucket(before)} and RowKey lt {TicksKey(before)}");
        return clients.ExpiryIndex.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(pageSizeHint: pageSize);
    }
}

/// <summary>The keys of one expiry index row.</summary>
internal readonly record struct IndexKey(string Partition, string Row);
