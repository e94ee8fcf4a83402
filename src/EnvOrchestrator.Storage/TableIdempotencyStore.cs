using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IIdempotencyStore"/> on Table Storage: table <c>{prefix}Idempotency</c>, PartitionKey = scope,
/// RowKey = key (both escaped), with the request fingerprint, reservation and expiry times (UTC ticks), and once
/// completed the response (body in <c>Body</c> or a blob). Table Storage has no TTL: an expired row is treated as
/// absent and overwritten on reuse, and <see cref="PurgeExpiredAsync"/> removes the rest.
/// </summary>
internal sealed class TableIdempotencyStore(
    EnvironmentStorageClients clients, DocumentColumns documents, TimeProvider timeProvider, IdempotencyPolicy policy, ILogger<TableIdempotencyStore> logger) : IIdempotencyStore
{
    private const string FingerprintColumn = "Fingerprint";
    private const string ReservedAtColumn = "ReservedAtTicks";
    private const string ExpiresAtColumn = "ExpiresAtTicks";
    private const string CompletedColumn = "Completed";
    private const string StatusCodeColumn = "StatusCode";
    private const string LocationColumn = "Location";

    // Reservations race only with other reservations of the same key; after a few lost races someone else holds it.
    private const int MaxAttempts = 3;

    public async Task<IdempotencyReservation> ReserveAsync(IdempotencyKey key, string requestFingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(requestFingerprint);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = timeProvider.GetUtcNow();
            var reservation = new TableEntity(Partition(key), Row(key))
            {
                [FingerprintColumn] = requestFingerprint,
                [ReservedAtColumn] = now.UtcTicks,
                [ExpiresAtColumn] = (now + policy.Retention).UtcTicks,
                [CompletedColumn] = false,
            };
            var existing = await FindAsync(key, cancellationToken).ConfigureAwait(false);
            try
            {
                if (existing is null)
                {
                    await clients.Idempotency.AddEntityAsync(reservation, cancellationToken).ConfigureAwait(false);
                    return new IdempotencyReservation(IdempotencyOutcome.Reserved, null);
                }

                if (existing.GetInt64(ExpiresAtColumn) > now.UtcTicks)
                {
                    var found = await ClassifyAsync(existing, requestFingerprint, now, cancellationToken).ConfigureAwait(false);
                    if (found.Outcome != IdempotencyOutcome.Reserved)
                    {
                        return found;
                    }
                }

                // Expired, or an abandoned reservation of the same request: take it over if nobody else did.
                await clients.Idempotency.UpdateEntityAsync(reservation, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                await documents.DeleteBlobQuietlyAsync(existing.GetString(DocumentColumns.BodyBlob), cancellationToken).ConfigureAwait(false);
                return new IdempotencyReservation(IdempotencyOutcome.Reserved, null);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                // Another request reserved, completed or released the key in between: look again.
            }
        }

        return new IdempotencyReservation(IdempotencyOutcome.InProgress, null);
    }

    public async Task<bool> CompleteAsync(IdempotencyKey key, string requestFingerprint, IdempotentResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(response);
        var existing = await FindAsync(key, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.GetString(FingerprintColumn) != requestFingerprint || existing.GetBoolean(CompletedColumn) == true)
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var completed = new TableEntity(existing.PartitionKey, existing.RowKey)
        {
            [FingerprintColumn] = requestFingerprint,
            [ReservedAtColumn] = existing.GetInt64(ReservedAtColumn),
            [ExpiresAtColumn] = (now + policy.Retention).UtcTicks,
            [CompletedColumn] = true,
            [StatusCodeColumn] = response.StatusCode,
            [LocationColumn] = response.Location,
        };
        var blob = await documents.SetBodyAsync(completed, response.Body, BlobFolder(key), cancellationToken).ConfigureAwait(false);
        try
        {
            await clients.Idempotency.UpdateEntityAsync(completed, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            await documents.DeleteBlobQuietlyAsync(blob, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    public async Task ReleaseAsync(IdempotencyKey key, string requestFingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var existing = await FindAsync(key, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.GetString(FingerprintColumn) != requestFingerprint || existing.GetBoolean(CompletedColumn) == true)
        {
            return;
        }

        try
        {
            await clients.Idempotency.DeleteEntityAsync(existing.PartitionKey, existing.RowKey, existing.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Taken over or completed meanwhile: that holder decides now.
        }
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var filter = TableClient.CreateQueryFilter($"ExpiresAtTicks le {now}");
        var count = 0;
        await foreach (var row in clients.Idempotency.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await clients.Idempotency.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                await documents.DeleteBlobQuietlyAsync(row.GetString(DocumentColumns.BodyBlob), cancellationToken).ConfigureAwait(false);
                count++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Reused or purged by someone else meanwhile.
            }
        }

        logger.IdempotencyPurged(count);
        return count;
    }

    private static string Partition(IdempotencyKey key) => StorageKeys.Escape(key.Scope);

    private static string Row(IdempotencyKey key) => StorageKeys.Escape(key.Key);

    private static string BlobFolder(IdempotencyKey key) =>
        "idempotency/" + StorageKeys.EscapeBlobSegment(key.Scope) + "/" + StorageKeys.EscapeBlobSegment(key.Key) + "/";

    private async Task<TableEntity?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var row = await clients.Idempotency.GetEntityIfExistsAsync<TableEntity>(Partition(key), Row(key), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    private async Task<IdempotencyReservation> ClassifyAsync(TableEntity existing, string requestFingerprint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fingerprint = existing.GetString(FingerprintColumn) ?? string.Empty;
        IdempotentResponse? response = null;
        if (fingerprint == requestFingerprint && existing.GetBoolean(CompletedColumn) == true)
        {
            var body = await documents.GetBodyAsync(existing, cancellationToken).ConfigureAwait(false);
            response = new IdempotentResponse(existing.GetInt32(StatusCodeColumn) ?? 0, existing.GetString(LocationColumn), body);
        }

        var reservedAt = new DateTimeOffset(existing.GetInt64(ReservedAtColumn) ?? 0, TimeSpan.Zero);
        return IdempotencyRules.Classify(fingerprint, response, reservedAt, requestFingerprint, now, policy);
    }
}
