using System.Collections.Immutable;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Secrets;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IEnvironmentStore"/> on Table Storage: table <c>{prefix}Environments</c>, PartitionKey = project,
/// RowKey = environment name, the record as JSON in <c>Body</c> (or a blob, see <see cref="DocumentColumns"/>),
/// plus a few plain columns to filter on. The entity's ETag is the record's version. Expiry is kept in
/// <see cref="ExpiryIndex"/>.
/// </summary>
/// <remarks>
/// Sensitive values inside the document are protected by <see cref="ISecretProtector"/> (see
/// <see cref="ValueJsonConverter"/>): neither the row nor an offloaded blob holds them in clear.
/// </remarks>
internal sealed class TableEnvironmentStore(
    EnvironmentStorageClients clients, DocumentColumns documents, ExpiryIndex expiry, ILogger<TableEnvironmentStore> logger, ISecretProtector secrets) : IEnvironmentStore
{
    private const int SchemaVersion = 1;
    private const int VerifyParallelism = 16;
    private const string StatusColumn = "Status";
    private const string TemplateColumn = "TemplateName";
    private const string ExpiresAtColumn = "ExpiresAt";

    // What a write needs to know about the row it replaces.
    private static readonly string[] PreImageColumns = [StatusColumn, ExpiryIndex.TicksColumn, DocumentColumns.BodyBlob];

    private readonly System.Text.Json.JsonSerializerOptions _json = StorageJson.Create(secrets);

    /// <summary>
    /// For tools and benchmarks that build the store by hand: sensitive values are protected with a key that lives in
    /// this process only, so they cannot be read back by another one. The service always passes its protector.
    /// </summary>
    public TableEnvironmentStore(EnvironmentStorageClients clients, DocumentColumns documents, ExpiryIndex expiry, ILogger<TableEnvironmentStore> logger)
        : this(clients, documents, expiry, logger, new InMemorySecretProtector())
    {
    }

    public async Task<EnvironmentRecord?> FindAsync(EnvironmentId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var row = await clients.Environments.GetEntityIfExistsAsync<TableEntity>(
            StorageKeys.Partition(id.Project), StorageKeys.Row(id.Name), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? await ToRecordAsync(row.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task<StoreResult<EnvironmentRecord>> CreateAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (ExpiryIndex.KeyOf(environment.Id, environment.ExpiresAt, environment.Status) is { } key)
        {
            await expiry.UpsertAsync(key, environment.Id, environment.ExpiresAt!.Value, cancellationToken).ConfigureAwait(false);
        }

        var (entity, blob) = await ToEntityAsync(environment, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await clients.Environments.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return StoreResult.Success(environment with { Version = response.Headers.ETag?.ToString() });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The index row just written may now be stale; the expiry query drops it.
            await documents.DeleteBlobQuietlyAsync(blob, cancellationToken).ConfigureAwait(false);
            return StoreResult.Failure<EnvironmentRecord>(StoreOutcome.AlreadyExists);
        }
    }

    public async Task<StoreResult<EnvironmentRecord>> SaveAsync(EnvironmentRecord environment, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        var id = environment.Id;
        var before = await ReadPreImageAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return StoreResult.Failure<EnvironmentRecord>(StoreOutcome.NotFound);
        }

        if (before.ETag.ToString() != expectedVersion)
        {
            return StoreResult.Failure<EnvironmentRecord>(StoreOutcome.VersionConflict);
        }

        var oldKey = IndexKeyOf(id, before);
        var newKey = ExpiryIndex.KeyOf(id, environment.ExpiresAt, environment.Status);
        var oldRowETag = oldKey is { } o && o != newKey ? await expiry.FindETagAsync(o, cancellationToken).ConfigureAwait(false) : null;
        if (newKey is { } n && n != oldKey)
        {
            await expiry.UpsertAsync(n, id, environment.ExpiresAt!.Value, cancellationToken).ConfigureAwait(false);
        }

        var (entity, blob) = await ToEntityAsync(environment, cancellationToken).ConfigureAwait(false);
        Response response;
        try
        {
            response = await clients.Environments.UpdateEntityAsync(entity, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            await documents.DeleteBlobQuietlyAsync(blob, cancellationToken).ConfigureAwait(false);
            return StoreResult.Failure<EnvironmentRecord>(e.Status == 404 ? StoreOutcome.NotFound : StoreOutcome.VersionConflict);
        }

        if (oldKey is { } replaced && oldRowETag is { } etag)
        {
            await expiry.RemoveQuietlyAsync(replaced, etag, id.ToString(), cancellationToken).ConfigureAwait(false);
        }

        if (before.GetString(DocumentColumns.BodyBlob) is { } oldBlob && oldBlob != blob)
        {
            await documents.DeleteBlobQuietlyAsync(oldBlob, cancellationToken).ConfigureAwait(false);
        }

        return StoreResult.Success(environment with { Version = response.Headers.ETag?.ToString() });
    }

    public async Task<RecordPage<EnvironmentRecord>> ListAsync(ProjectName project, EnvironmentFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(filter);
        Paging.ThrowIfInvalid(pageSize);
        var query = clients.Environments.QueryAsync<TableEntity>(ListFilter(project, filter), pageSize, cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, pageSize).ConfigureAwait(false))
        {
            var items = await Task.WhenAll(page.Values.Select(e => ToRecordAsync(e, cancellationToken))).ConfigureAwait(false);
            return new RecordPage<EnvironmentRecord>([.. items], page.ContinuationToken);
        }

        return new RecordPage<EnvironmentRecord>([], null);
    }

    public async Task<StoreOutcome> DeleteAsync(EnvironmentId id, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var before = await ReadPreImageAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return StoreOutcome.NotFound;
        }

        if (expectedVersion is not null && before.ETag.ToString() != expectedVersion)
        {
            return StoreOutcome.VersionConflict;
        }

        // A destroyed environment needs no index row, but one left stale by an interrupted cleanup goes with it.
        var oldKey = before.GetInt64(ExpiryIndex.TicksColumn) is { } ticks ? ExpiryIndex.KeyAt(id, new DateTimeOffset(ticks, TimeSpan.Zero)) : (IndexKey?)null;
        var oldRowETag = oldKey is { } o ? await expiry.FindETagAsync(o, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            await clients.Environments.DeleteEntityAsync(StorageKeys.Partition(id.Project), StorageKeys.Row(id.Name), before.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return e.Status == 404 ? StoreOutcome.NotFound : StoreOutcome.VersionConflict;
        }

        if (oldKey is { } key && oldRowETag is { } etag)
        {
            await expiry.RemoveQuietlyAsync(key, etag, id.ToString(), cancellationToken).ConfigureAwait(false);
        }

        // Only the blob this row pointed to: a new environment of the same name may already have written its own.
        await documents.DeleteBlobQuietlyAsync(before.GetString(DocumentColumns.BodyBlob), cancellationToken).ConfigureAwait(false);
        return StoreOutcome.Succeeded;
    }

    public async Task<RecordPage<EnvironmentId>> FindDestroyedAsync(DateTimeOffset destroyedBefore, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        Paging.ThrowIfInvalid(pageSize);

        // A filtered scan over every project; the retention purge runs rarely, so no index is kept for it.
        var filter = TableClient.CreateQueryFilter($"Status eq {nameof(EnvironmentStatus.Destroyed)} and UpdatedAt lt {destroyedBefore}");
        var query = clients.Environments.QueryAsync<TableEntity>(filter, pageSize, ["PartitionKey", "RowKey"], cancellationToken);
        await foreach (var page in query.AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, pageSize).ConfigureAwait(false))
        {
            var ids = page.Values
                .Select(row => ProjectName.TryParse(row.PartitionKey, out var project) && EnvironmentName.TryParse(row.RowKey, out var name) ? new EnvironmentId(project, name) : null)
                .OfType<EnvironmentId>()
                .ToImmutableArray();
            return new RecordPage<EnvironmentId>(ids, page.ContinuationToken);
        }

        return new RecordPage<EnvironmentId>([], null);
    }

    public async Task<RecordPage<EnvironmentRecord>> FindByTemplateAsync(string templateName, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(templateName);
        Paging.ThrowIfInvalid(pageSize);

        // A filtered scan over every project: asked by administrators before retiring a version, so no index is kept.
        // Column names are text of the filter, not values: only the values go through the formatter.
        var filter = TemplateColumn + " eq " + TableClient.CreateQueryFilter($"{templateName}") + " and " + StatusColumn + " ne " + TableClient.CreateQueryFilter($"{nameof(EnvironmentStatus.Destroyed)}");
        var query = clients.Environments.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, pageSize).ConfigureAwait(false))
        {
            var items = await Task.WhenAll(page.Values.Select(e => ToRecordAsync(e, cancellationToken))).ConfigureAwait(false);
            return new RecordPage<EnvironmentRecord>([.. items], page.ContinuationToken);
        }

        return new RecordPage<EnvironmentRecord>([], null);
    }

    public async Task<ImmutableArray<ExpiringEnvironment>> FindExpiringAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var due = ImmutableArray.CreateBuilder<ExpiringEnvironment>();
        await foreach (var page in expiry.DueAsync(before, Math.Min(limit, Paging.MaxPageSize), cancellationToken).ConfigureAwait(false))
        {
            var rows = page.Values;
            var checks = new ExpiringEnvironment?[rows.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, rows.Count),
                new ParallelOptions { MaxDegreeOfParallelism = VerifyParallelism, CancellationToken = cancellationToken },
                async (i, ct) => checks[i] = await VerifyAsync(rows[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var check in checks)
            {
                if (check is not null)
                {
                    due.Add(check);
                    if (due.Count == limit)
                    {
                        return due.ToImmutable();
                    }
                }
            }
        }

        return due.ToImmutable();
    }

    private static string BlobFolder(EnvironmentId id) => "environments/" + StorageKeys.Partition(id.Project) + "/" + StorageKeys.Row(id.Name) + "/";

    private static IndexKey? IndexKeyOf(EnvironmentId id, TableEntity row) =>
        row.GetInt64(ExpiryIndex.TicksColumn) is { } ticks && EnvironmentStatusNames.TryParse(row.GetString(StatusColumn), out var status)
            ? ExpiryIndex.KeyOf(id, new DateTimeOffset(ticks, TimeSpan.Zero), status)
            : null;

    private static string ListFilter(ProjectName project, EnvironmentFilter filter)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.Partition(project)}") };
        if (!filter.Statuses.IsDefaultOrEmpty)
        {
            // Rows written before a status was renamed still hold its former name.
            var names = filter.Statuses.SelectMany(EnvironmentStatusNames.StoredNames).Distinct(StringComparer.Ordinal);
            parts.Add("(" + string.Join(" or ", names.Select(n => TableClient.CreateQueryFilter($"Status eq {n}"))) + ")");
        }

        if (filter.TemplateName is { } template)
        {
            parts.Add(TableClient.CreateQueryFilter($"TemplateName eq {template}"));
        }

        return string.Join(" and ", parts);
    }

    private async Task<TableEntity?> ReadPreImageAsync(EnvironmentId id, CancellationToken cancellationToken)
    {
        var row = await clients.Environments.GetEntityIfExistsAsync<TableEntity>(
            StorageKeys.Partition(id.Project), StorageKeys.Row(id.Name), PreImageColumns, cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>The environment an index row names, if the row is still current; otherwise removes the stale row.</summary>
    private async Task<ExpiringEnvironment?> VerifyAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var ticks = row.GetInt64(ExpiryIndex.TicksColumn);
        if (!ProjectName.TryParse(row.GetString(ExpiryIndex.ProjectColumn), out var project)
            || !EnvironmentName.TryParse(row.GetString(ExpiryIndex.NameColumn), out var name) || ticks is null)
        {
            await expiry.RemoveQuietlyAsync(new IndexKey(row.PartitionKey, row.RowKey), row.ETag, row.RowKey, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var id = new EnvironmentId(project, name);
        var current = await ReadPreImageAsync(id, cancellationToken).ConfigureAwait(false);
        var currentKey = current is null ? null : IndexKeyOf(id, current);
        if (currentKey == new IndexKey(row.PartitionKey, row.RowKey))
        {
            return new ExpiringEnvironment(id, new DateTimeOffset(ticks.Value, TimeSpan.Zero));
        }

        await expiry.RemoveQuietlyAsync(new IndexKey(row.PartitionKey, row.RowKey), row.ETag, id.ToString(), cancellationToken).ConfigureAwait(false);
        logger.StaleExpiryEntryRemoved(id.ToString(), row.PartitionKey);
        return null;
    }

    private async Task<(TableEntity Entity, string? Blob)> ToEntityAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        var id = environment.Id;
        var entity = new TableEntity(StorageKeys.Partition(id.Project), StorageKeys.Row(id.Name))
        {
            ["SchemaVersion"] = SchemaVersion,
            [StatusColumn] = environment.Status.ToString(),
            [TemplateColumn] = environment.Template.Name,
            ["UpdatedAt"] = environment.UpdatedAt,
        };
        if (environment.ExpiresAt is { } expiresAt)
        {
            // Ticks are exact; the DateTime column is for people browsing the table.
            entity[ExpiryIndex.TicksColumn] = expiresAt.UtcTicks;
            entity[ExpiresAtColumn] = expiresAt;
        }

        var blob = await documents.SetBodyAsync(entity, StorageJson.Serialize(EnvironmentDocument.From(environment), _json), BlobFolder(id), cancellationToken).ConfigureAwait(false);
        return (entity, blob);
    }

    private async Task<EnvironmentRecord> ToRecordAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var json = await documents.GetBodyAsync(entity, cancellationToken).ConfigureAwait(false);
        return StorageJson.Deserialize<EnvironmentDocument>(json, _json).ToRecord(entity.ETag.ToString());
    }
}
