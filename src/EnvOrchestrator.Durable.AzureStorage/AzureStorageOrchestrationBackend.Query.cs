using Azure.Data.Tables;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationBackend
{
    /// <remarks>
    /// Scans <c>$state</c> rows with a server-side filter (status, creation range, partition-key range for the
    /// prefix). The continuation token is the SDK's (next partition and row key), passed through unchanged. Azure may
    /// return short or even empty pages with a token; callers page until the token is null.
    /// </remarks>
    public async Task<InstanceQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000);
        var filter = BuildFilter(query);
        var pages = _clients.Instances.QueryAsync<TableEntity>(filter, query.PageSize, cancellationToken: cancellationToken)
            .AsPages(string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken, query.PageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            var rows = page.Values
                .Where(r => query.InstanceIdPrefix is null || (r.GetString("InstanceId") ?? string.Empty).StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .ToList();
            var states = await Task.WhenAll(rows.Select(r => ReadStateAsync(r, query.FetchInputsAndOutputs, cancellationToken))).ConfigureAwait(false);
            return new InstanceQueryPage(states.Select(s => s.State).ToArray(), page.ContinuationToken);
        }

        return new InstanceQueryPage([], null);
    }

    private static string BuildFilter(OrchestrationQuery query)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"RowKey eq {InstanceRows.StateRowKey}") };
        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            // Escaping is per character, so escaped ids with this prefix share the escaped prefix; a trailing lone
            // high surrogate is escaped differently on its own, so leave it to the client-side check.
            var prefix = query.InstanceIdPrefix;
            if (char.IsHighSurrogate(prefix[^1]))
            {
                prefix = prefix[..^1];
            }

            if (prefix.Length > 0)
            {
                var escaped = InstanceRows.PartitionKey(prefix);
                clauses.Add(escaped[^1] == char.MaxValue
                    ? TableClient.CreateQueryFilter($"PartitionKey ge {escaped}")
                    : TableClient.CreateQueryFilter($"PartitionKey ge {escaped} and PartitionKey lt {RangeEnd(escaped)}"));
            }
        }

        if (query.CreatedFrom is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from.ToUniversalTime()}"));
        }

        if (query.CreatedTo is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedAt le {to.ToUniversalTime()}"));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            clauses.Add("(" + string.Join(" or ", statuses.Distinct().Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        return string.Join(" and ", clauses);
    }
}
