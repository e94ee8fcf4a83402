using System.Collections.Immutable;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IActiveRunIndex"/> on Table Storage: table <c>{prefix}ActiveRuns</c>, PartitionKey = the hour the run
/// was created (<c>yyyyMMddHH</c>, UTC), RowKey = <c>{created UTC ticks:D19}|{project}|{name}|{run id suffix}</c>.
/// Like the expiry index, both keys sort chronologically as text, so "runs older than T" is one range query however
/// many runs are active, and hour buckets spread the writes. Both keys come from the run id, so a removal needs no read.
/// </summary>
internal sealed class TableActiveRunIndex(EnvironmentStorageClients clients, ILogger<TableActiveRunIndex> logger) : IActiveRunIndex
{
    private const string ProjectColumn = "Project";
    private const string NameColumn = "Name";
    private const string RunIdColumn = "RunId";
    private const string KindColumn = "Kind";
    private const string WorkingColumn = "Working";

    public async Task AddAsync(ActiveRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (partition, row) = KeyOf(run.Environment, run.Run);
        var entity = new TableEntity(partition, row)
        {
            [ProjectColumn] = run.Environment.Project.Value,
            [NameColumn] = run.Environment.Name.Value,
            [RunIdColumn] = run.Run.Value,
            [KindColumn] = run.Kind.ToString(),
            [WorkingColumn] = run.Working.ToString(),
        };
        await clients.ActiveRuns.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(EnvironmentId environment, RunId run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(run);
        var (partition, row) = KeyOf(environment, run);
        try
        {
            await clients.ActiveRuns.DeleteEntityAsync(partition, row, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Removed already (by the run's completion or by a sweep).
        }
    }

    public async Task<ImmutableArray<ActiveRun>> ListOlderThanAsync(DateTimeOffset before, int limit, ActiveRun? after, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        // Rows of earlier hours all sort below the bound, so one RowKey bound serves every partition in the range.
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {ExpiryIndex.Bucket(before)} and RowKey lt {ExpiryIndex.TicksKey(before)}");
        if (after is not null)
        {
            var (afterPartition, afterRow) = KeyOf(after.Environment, after.Run);
            filter += " and " + TableClient.CreateQueryFilter($"PartitionKey ge {afterPartition} and RowKey gt {afterRow}");
        }

        var pageSize = Math.Min(limit, Paging.MaxPageSize);
        var found = ImmutableArray.CreateBuilder<ActiveRun>();
        await foreach (var row in clients.ActiveRuns.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (ToActiveRun(row) is { } run)
            {
                found.Add(run);
                if (found.Count == limit)
                {
                    break;
                }
            }
            else
            {
                // Not written by this code: nothing can act on it, so it only costs every sweep a read.
                await RemoveUnreadableAsync(row, cancellationToken).ConfigureAwait(false);
            }
        }

        return found.ToImmutable();
    }

    private async Task RemoveUnreadableAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await clients.ActiveRuns.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
            logger.UnreadableActiveRunRemoved(row.PartitionKey, row.RowKey);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Another sweeper removed or replaced it meanwhile.
        }
    }

    private static (string Partition, string Row) KeyOf(EnvironmentId environment, RunId run) =>
        (ExpiryIndex.Bucket(run.CreatedAt),
         ExpiryIndex.TicksKey(run.CreatedAt) + "|" + StorageKeys.Partition(environment.Project) + "|" + StorageKeys.Row(environment.Name) + "|" + run.Suffix);

    private static ActiveRun? ToActiveRun(TableEntity row) =>
        ProjectName.TryParse(row.GetString(ProjectColumn), out var project)
        && EnvironmentName.TryParse(row.GetString(NameColumn), out var name)
        && RunId.TryParse(row.GetString(RunIdColumn), out var run)
        && Enum.TryParse<RunKind>(row.GetString(KindColumn), out var kind)
        && EnvironmentStatusNames.TryParse(row.GetString(WorkingColumn), out var working)
            ? new ActiveRun(new EnvironmentId(project, name), run, kind, working)
            : null;
}
