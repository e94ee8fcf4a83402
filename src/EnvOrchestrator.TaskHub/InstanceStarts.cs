using Azure;
using Azure.Data.Tables;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// Makes "start unless it exists" atomic. The provider checks the instance's status and then queues the start, so
/// two callers starting the same id at once both pass the check and both queue a start. Here each start first takes
/// the instance id's row in a table under optimistic concurrency: of two racing starts one wins the row, the other
/// is refused like a duplicate.
/// </summary>
internal sealed class InstanceStarts(TableClient table, TimeProvider time)
{
    /// <summary>A claim whose instance never appeared (the starter died between claim and queue) is taken over after this.</summary>
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(1);

    public Task CreateAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Takes the id for a new execution, or returns false when another start holds it.</summary>
    /// <param name="refuses">
    /// Given whether the last claim is recent (its start may still be on its way), whether the instance as it is now
    /// refuses a new start (the caller's dedupe statuses).
    /// </param>
    public async Task<bool> TryClaimAsync(string instanceId, string executionId, Func<bool, Task<bool>> refuses, CancellationToken cancellationToken)
    {
        var key = Uri.EscapeDataString(instanceId);
        var now = time.GetUtcNow();
        TableEntity current;
        while (true)
        {
            try
            {
                await table.AddEntityAsync(Row(key, executionId, now), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Started before, or being started right now.
            }

            var read = await table.GetEntityIfExistsAsync<TableEntity>(key, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (read.HasValue && read.Value is { } row)
            {
                current = row;
                break;
            }

            // Purged between the two calls: claim it afresh.
        }

        var claimedAt = current.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
        if (await refuses(now - claimedAt < StaleClaim).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await table.UpdateEntityAsync(Row(key, executionId, now), current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>The instance was purged: its id starts afresh.</summary>
    public async Task ForgetAsync(string instanceId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(Uri.EscapeDataString(instanceId), string.Empty, ETag.All, cancellationToken).ConfigureAwait(false);

    private static TableEntity Row(string key, string executionId, DateTimeOffset now) =>
        new(key, string.Empty) { ["ExecutionId"] = executionId, ["ClaimedAt"] = now };
}
