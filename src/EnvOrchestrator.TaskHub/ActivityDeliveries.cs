using Azure;
using Azure.Data.Tables;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// Counts deliveries of each activity invocation in a table, before the activity runs: a process that dies inside
/// the activity cannot count anything afterwards, so the count has to be durable first. Counted per invocation
/// (instance, execution, task id), not per queue message: the provider may send one invocation's message twice, and
/// both copies count. The first delivery of a message writes nothing (one point read, for a copy of an invocation
/// counted before): the queue's own dequeue count tells a redelivery how many deliveries died before it.
/// </summary>
internal sealed class ActivityDeliveries(TableClient table, int limit)
{
    public int Limit { get; } = limit;

    public Task CreateAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>
    /// Records this delivery and returns how many deliveries of the invocation there have been, this one included; 0
    /// when nothing was recorded (the first delivery of a first message: nothing to forget afterwards).
    /// </summary>
    /// <param name="queueDelivery">The message's dequeue count as the provider reports it; 0 when unknown.</param>
    public async Task<int> RecordAsync(string instanceId, string executionId, int taskId, int queueDelivery, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(instanceId, executionId, taskId);
        if (queueDelivery == 1)
        {
            var earlier = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!earlier.HasValue)
            {
                return 0;
            }
        }

        // Deliveries of this message that died before counting anything (the first one writes nothing).
        var first = Math.Max(1, queueDelivery);
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, row) { ["Deliveries"] = first }, cancellationToken).ConfigureAwait(false);
            return first;
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

    /// <summary>Sets the count of the invocation (a delivery given back unfinished does not count).</summary>
    public Task SetAsync(string instanceId, string executionId, int taskId, int deliveries, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(instanceId, executionId, taskId);
        return table.UpsertEntityAsync(new TableEntity(partition, row) { ["Deliveries"] = deliveries }, TableUpdateMode.Replace, cancellationToken);
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
