using System.Collections.Immutable;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Quotas;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IProjectQuotaStore"/> on Table Storage: table <c>{prefix}Quotas</c>, PartitionKey = project, RowKey
/// <c>environments</c>, one row per project whose ETag is the record's version. The claims are a JSON document split
/// over columns <c>Body0</c>, <c>Body1</c>, … of at most <see cref="ChunkLength"/> characters each (a string
/// property holds 32K characters; an entity 1 MiB), so a project may hold a few thousand claims in its one row —
/// one row is the point: one conditional write decides a race for the last slot.
/// </summary>
internal sealed class TableProjectQuotaStore(EnvironmentStorageClients clients) : IProjectQuotaStore
{
    public const string RowKey = "environments";
    internal const int ChunkLength = 30_000;

    // 15 chunks of UTF-16 text stay well under the entity limit of 1 MiB with the other columns.
    internal const int MaxChunks = 15;

    private const int SchemaVersion = 1;
    private const string SchemaVersionColumn = "SchemaVersion";
    private const string CountColumn = "ClaimCount";
    private const string BodyColumn = "Body";

    public async Task<ProjectQuotaRecord?> FindAsync(ProjectName project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var row = await clients.Quotas.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Partition(project), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRecord(project, row.Value!) : null;
    }

    public async Task<StoreResult<ProjectQuotaRecord>> CreateAsync(ProjectQuotaRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var response = await clients.Quotas.AddEntityAsync(ToEntity(record), cancellationToken).ConfigureAwait(false);
            return StoreResult.Success(record with { Version = response.Headers.ETag?.ToString() });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return StoreResult.Failure<ProjectQuotaRecord>(StoreOutcome.AlreadyExists);
        }
    }

    public async Task<StoreResult<ProjectQuotaRecord>> SaveAsync(ProjectQuotaRecord record, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        try
        {
            // Replace, not merge: a shorter record must not keep the old record's later chunks.
            var response = await clients.Quotas.UpdateEntityAsync(ToEntity(record), new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return StoreResult.Success(record with { Version = response.Headers.ETag?.ToString() });
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return StoreResult.Failure<ProjectQuotaRecord>(e.Status == 404 ? StoreOutcome.NotFound : StoreOutcome.VersionConflict);
        }
    }

    private static TableEntity ToEntity(ProjectQuotaRecord record)
    {
        var json = StorageJson.Serialize(new QuotaDocument(
            [.. record.Claims.Select(c => new ClaimDocument(c.Name.Value, c.Owner, c.ClaimedAt, c.Spend?.MonthlyUsd, c.Spend?.From, c.Spend?.Until))]));
        var chunks = (json.Length + ChunkLength - 1) / ChunkLength;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException(
                $"The quota record of project '{record.Project.Value}' would hold {record.Claims.Length} claims ({json.Length} characters), more than one table row can.");
        }

        var entity = new TableEntity(StorageKeys.Partition(record.Project), RowKey)
        {
            [SchemaVersionColumn] = SchemaVersion,
            [CountColumn] = record.Claims.Length,
        };
        for (var i = 0; i < chunks; i++)
        {
            entity[BodyColumn + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - (i * ChunkLength)));
        }

        return entity;
    }

    private static ProjectQuotaRecord ToRecord(ProjectName project, TableEntity row)
    {
        var json = string.Concat(Enumerable.Range(0, MaxChunks)
            .Select(i => row.GetString(BodyColumn + i.ToString(CultureInfo.InvariantCulture)))
            .TakeWhile(chunk => chunk is not null));
        var document = json.Length == 0 ? new QuotaDocument([]) : StorageJson.Deserialize<QuotaDocument>(json);
        var claims = document.Claims
            .Select(c => EnvironmentName.TryParse(c.Name, out var name) ? new QuotaClaim(name, c.Owner, c.ClaimedAt, Spend(c)) : null)
            .OfType<QuotaClaim>()
            .ToImmutableArray();
        return new ProjectQuotaRecord { Project = project, Claims = claims, Version = row.ETag.ToString() };
    }

    private sealed record QuotaDocument(ImmutableArray<ClaimDocument> Claims);

    private static ClaimedSpend? Spend(ClaimDocument claim) =>
        claim is { MonthlyUsd: { } monthly, SpendFrom: { } from } ? new ClaimedSpend(monthly, from, claim.SpendUntil) : null;

    // The spend fields are absent from claims written before budgets were fenced (schema version unchanged: optional).
    private sealed record ClaimDocument(string Name, string Owner, DateTimeOffset ClaimedAt, decimal? MonthlyUsd, DateTimeOffset? SpendFrom, DateTimeOffset? SpendUntil);
}
