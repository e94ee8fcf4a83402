using Azure;
using Azure.Data.Tables;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// Counts deliveries of each activity invocation in a table, before the activity runs: a process that dies inside
/// the activity cannot count anything afterwards, so the count has to be durable first. One insert and one delete
/// per invocation when nothing goes wrong. Counted per invocation (instance, execution, task id), not per queue
/// message: the provider may send one invocation's message twice, and both copies count.
/// </summary>
internal sealed class ActivityDeliveries(TableClient table, int limit)
{
    public int Limit { get; } = limit;

    public Task CreateAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Records one more delivery of the invocation and returns how many there have been, this one included.</summary>
    public async Task<int> RecordAsync(string instanceId, string executionId, int taskId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(instanceId, executionId, taskId);
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, row) { ["Deliveries"] = 1 }, cancellationToken).ConfigureAwait(false);
            return 1;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Delivered before: count on from the stored number.
        }

        while (true)
        {
            var entity = (await table.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var deliveries = (entity.GetInt32("Deliveries") ?? 0) + 1;
            entity["Deliveries"] = deliveries;
            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return deliveries;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another delivery counted at the same moment: read again.
            }
        }
    }

    /// <summary>The instance was purged: forgets the counts of all its invocations, poisoned ones included.</summary>
    public async Task ForgetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = Uri.EscapeDataString(instanceId);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The invocation ran to its end (either way): its count is no longer needed. Not called for a poisoned one:
    /// its row stays, so that a duplicate of its message (the provider sends an activity's message again when the
    /// orchestration's checkpoint did not complete) fails at once instead of killing workers again.
    /// </summary>
    public async Task ForgetAsync(string instanceId, string executionId, int taskId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(instanceId, executionId, taskId);
        await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    // Table keys refuse '/', '\', '#', '?' and control characters; instance ids may hold any of them.
    private static (string Partition, string Row) Keys(string instanceId, string executionId, int taskId) =>
        (Uri.EscapeDataString(instanceId), $"{Uri.EscapeDataString(executionId)}-{taskId}");
}
