using Azure.Data.Tables;
using EnvOrchestrator.Core.Audit;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IAuditLog"/> on Table Storage: table <c>{prefix}Audit</c>, PartitionKey = project (escaped), RowKey =
/// the entry's <see cref="AuditCursor"/> (UTC ticks, fixed width, then a random tie-breaker), so a project's entries
/// sort by time and a time range is one range query. Rows are only inserted (an insert, never an upsert).
/// </summary>
internal sealed class TableAuditLog(EnvironmentStorageClients clients) : IAuditLog
{
    private const string AtColumn = "At";
    private const string ActorColumn = "Actor";
    private const string OnBehalfOfColumn = "OnBehalfOf";
    private const string ActionColumn = "Action";
    private const string TargetColumn = "Target";
    private const string OutcomeColumn = "Outcome";
    private const string DetailColumn = "Detail";

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = new TableEntity(StorageKeys.Escape(entry.Project), AuditCursor.For(entry.At).ToString())
        {
            [AtColumn] = entry.At.UtcDateTime,
            [ActorColumn] = entry.Actor,
            [OnBehalfOfColumn] = entry.OnBehalfOf,
            [ActionColumn] = entry.Action,
            [TargetColumn] = entry.Target,
            [OutcomeColumn] = entry.Outcome,
            [DetailColumn] = entry.Detail,
        };
        await clients.Audit.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var from = (query.After ?? AuditCursor.Start(query.From)).ToString();
        var to = AuditCursor.Start(query.To).ToString();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.Escape(query.Project)} and RowKey gt {from} and RowKey lt {to}");
        var found = new List<TableEntity>(query.PageSize + 1);
        await foreach (var row in clients.Audit.QueryAsync<TableEntity>(filter, Math.Min(query.PageSize + 1, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(row);
            if (found.Count > query.PageSize)
            {
                break;
            }
        }

        var page = found.Take(query.PageSize).ToList();
        var next = found.Count > query.PageSize ? AuditCursor.Parse(page[^1].RowKey) : null;
        return new AuditPage([.. page.Select(r => Read(query.Project, r))], next);
    }

    private static AuditEntry Read(string project, TableEntity row) => new(
        project,
        new DateTimeOffset(row.GetDateTime(AtColumn) ?? default, TimeSpan.Zero),
        row.GetString(ActorColumn) ?? string.Empty,
        row.GetString(OnBehalfOfColumn),
        row.GetString(ActionColumn) ?? string.Empty,
        row.GetString(TargetColumn) ?? string.Empty,
        row.GetString(OutcomeColumn) ?? string.Empty,
        row.GetString(DetailColumn));
}
