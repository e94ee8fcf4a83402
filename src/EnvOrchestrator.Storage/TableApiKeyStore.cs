using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.ApiKeys;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IApiKeyStore"/> on Table Storage: table <c>{prefix}ApiKeys</c>, one partition (<c>key</c>), RowKey = the
/// key id (escaped), so authenticating a request is one point read. Only the secret's hash is stored. Grants are one
/// column, newline-separated (a grant never holds a newline).
/// </summary>
internal sealed class TableApiKeyStore(EnvironmentStorageClients clients) : IApiKeyStore
{
    private const string Partition = "key";
    private const string IdColumn = "Id";
    private const string NameColumn = "Name";
    private const string HashColumn = "SecretHash";
    private const string GrantsColumn = "Grants";
    private const string CreatedByColumn = "CreatedBy";
    private const string CreatedAtColumn = "CreatedAt";
    private const string ExpiresAtColumn = "ExpiresAt";
    private const string RevokedColumn = "Revoked";
    private const string RevokedAtColumn = "RevokedAt";
    private const string RevokedByColumn = "RevokedBy";

    public async Task<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var row = new TableEntity(Partition, StorageKeys.Escape(key.Id))
        {
            [IdColumn] = key.Id,
            [NameColumn] = key.Name,
            [HashColumn] = key.SecretHash,
            [GrantsColumn] = string.Join('\n', key.Grants),
            [CreatedByColumn] = key.CreatedBy,
            [CreatedAtColumn] = key.CreatedAt.UtcDateTime,
            [ExpiresAtColumn] = key.ExpiresAt?.UtcDateTime,
            [RevokedColumn] = key.Revoked,
            [RevokedAtColumn] = key.RevokedAt?.UtcDateTime,
            [RevokedByColumn] = key.RevokedBy,
        };
        try
        {
            await clients.ApiKeys.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var row = await clients.ApiKeys.GetEntityIfExistsAsync<TableEntity>(Partition, StorageKeys.Escape(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(id, row.Value!) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = new List<ApiKeyRecord>();
        await foreach (var row in clients.ApiKeys.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(row.GetString(IdColumn) ?? row.RowKey, row));
        }

        return [.. keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];
    }

    public async Task<ApiKeyRecord?> RevokeAsync(string id, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        while (true)
        {
            var found = await clients.ApiKeys.GetEntityIfExistsAsync<TableEntity>(Partition, StorageKeys.Escape(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue)
            {
                return null;
            }

            var row = found.Value!;
            if (row.GetBoolean(RevokedColumn) == true)
            {
                return Read(id, row);
            }

            row[RevokedColumn] = true;
            row[RevokedAtColumn] = at.UtcDateTime;
            row[RevokedByColumn] = revokedBy;
            try
            {
                await clients.ApiKeys.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return Read(id, row);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Revoked (or otherwise changed) concurrently: read again; the first revoke's who and when stay.
            }
        }
    }

    private static ApiKeyRecord Read(string id, TableEntity row) =>
        new(
            id,
            row.GetString(NameColumn) ?? string.Empty,
            row.GetString(HashColumn) ?? string.Empty,
            (row.GetString(GrantsColumn) ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            row.GetString(CreatedByColumn) ?? string.Empty,
            new DateTimeOffset(row.GetDateTime(CreatedAtColumn) ?? default, TimeSpan.Zero),
            row.GetDateTime(ExpiresAtColumn) is { } expires ? new DateTimeOffset(expires, TimeSpan.Zero) : null)
        {
            Revoked = row.GetBoolean(RevokedColumn) ?? false,
            RevokedAt = row.GetDateTime(RevokedAtColumn) is { } revoked ? new DateTimeOffset(revoked, TimeSpan.Zero) : null,
            RevokedBy = row.GetString(RevokedByColumn),
        };
}
