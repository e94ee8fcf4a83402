using System.Collections.Immutable;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Webhooks;

namespace EnvOrchestrator.Storage;

/// <summary>
/// <see cref="IWebhookStore"/> on Table Storage. <c>{prefix}Webhooks</c>: PartitionKey = project, RowKey = subscription
/// id; the secret sealed with the key ring. <c>{prefix}WebhookDeliveries</c>: PartitionKey = project, RowKey = delivery
/// id (<c>{subscription}.{hash}</c>, so one subscription's log is a key range); the event as JSON; the truth.
/// <c>{prefix}WebhookDue</c>: one row per pending delivery (PartitionKey <c>due</c>, RowKey = delivery id, its project
/// and a due time never later than the delivery's), so finding what is due reads a small table, not the log. A due
/// row is written before its delivery and updated after it; stale rows (earlier times, settled deliveries) are
/// repaired when read, and a row is never missing for a pending delivery.
/// </summary>
internal sealed class TableWebhookStore(EnvironmentStorageClients clients, ISecretProtector protector) : IWebhookStore
{
    private const string SecretPurpose = "EnvOrchestrator.Webhooks.Secret.v1";
    private const string DuePartition = "due";

    // A due row whose delivery is missing may belong to an enqueue still between its two writes.
    private static readonly TimeSpan OrphanDueRowAge = TimeSpan.FromMinutes(5);

    public async Task<StoreResult<WebhookSubscription>> AddSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var row = new TableEntity(StorageKeys.Partition(subscription.Project), StorageKeys.Escape(subscription.Id))
        {
            ["Id"] = subscription.Id,
            ["Url"] = subscription.Url.AbsoluteUri,
            ["Events"] = string.Join(',', subscription.Events.IsDefault ? [] : subscription.Events),
            ["Format"] = subscription.Format.ToString(),
            ["Secret"] = protector.Protect(SecretPurpose, subscription.Secret),
            ["CreatedBy"] = subscription.CreatedBy,
            ["CreatedAt"] = subscription.CreatedAt.UtcDateTime,
        };
        try
        {
            await clients.Webhooks.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return StoreResult.Success(subscription);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return StoreResult.Failure<WebhookSubscription>(StoreOutcome.AlreadyExists);
        }
    }

    public async Task<WebhookSubscription?> FindSubscriptionAsync(ProjectName project, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var row = await clients.Webhooks.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Partition(project), StorageKeys.Escape(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ReadSubscription(project, row.Value!) : null;
    }

    public async Task<ImmutableArray<WebhookSubscription>> ListSubscriptionsAsync(ProjectName project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var found = new List<WebhookSubscription>();
        var partition = StorageKeys.Partition(project);
        await foreach (var row in clients.Webhooks.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(ReadSubscription(project, row));
        }

        return [.. found.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    public async Task<StoreOutcome> DeleteSubscriptionAsync(ProjectName project, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        // The SDK answers a delete of a missing row with its 404 response rather than an exception.
        var response = await clients.Webhooks.DeleteEntityAsync(StorageKeys.Partition(project), StorageKeys.Escape(id), ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status == 404 ? StoreOutcome.NotFound : StoreOutcome.Succeeded;
    }

    public async Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        foreach (var delivery in deliveries)
        {
            // The due row first: a crash between the two leaves a due row without a delivery (repaired), never the reverse.
            await WriteDueAsync(delivery, cancellationToken).ConfigureAwait(false);
            try
            {
                await clients.WebhookDeliveries.AddEntityAsync(ToEntity(delivery), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // The same event published again: the delivery stored first stands.
            }
        }
    }

    public async Task<ImmutableArray<WebhookDelivery>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DuePartition} and NextAttemptAt le {now.UtcDateTime}");
        var due = new List<WebhookDelivery>();
        await foreach (var row in clients.WebhookDue.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var stored = await clients.WebhookDeliveries.GetEntityIfExistsAsync<TableEntity>(
                StorageKeys.Escape(row.GetString("Project")), row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!stored.HasValue)
            {
                if (now - row.GetDateTimeOffset("EnqueuedAt").GetValueOrDefault() >= OrphanDueRowAge)
                {
                    await DeleteDueAsync(row.RowKey, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var delivery = ReadDelivery(stored.Value!);
            if (delivery.Status != WebhookDeliveryStatus.Pending)
            {
                await DeleteDueAsync(row.RowKey, cancellationToken).ConfigureAwait(false);
            }
            else if (delivery.NextAttemptAt <= now)
            {
                due.Add(delivery);
                if (due.Count >= limit)
                {
                    break;
                }
            }
        }

        return [.. due.OrderBy(d => d.NextAttemptAt)];
    }

    public async Task<StoreResult<WebhookDelivery>> SaveDeliveryAsync(WebhookDelivery delivery, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        Response response;
        try
        {
            response = await clients.WebhookDeliveries.UpdateEntityAsync(ToEntity(delivery), new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return StoreResult.Failure<WebhookDelivery>(e.Status == 404 ? StoreOutcome.NotFound : StoreOutcome.VersionConflict);
        }

        // After the truth: a crash here leaves the due row earlier than the delivery, or present for a settled one.
        if (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            await WriteDueAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeleteDueAsync(StorageKeys.Escape(delivery.Id), cancellationToken).ConfigureAwait(false);
        }

        return StoreResult.Success(delivery with { Version = response.Headers.ETag?.ToString() });
    }

    private async Task WriteDueAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        await clients.WebhookDue.UpsertEntityAsync(
            new TableEntity(DuePartition, StorageKeys.Escape(delivery.Id))
            {
                ["Project"] = delivery.Project.Value,
                ["NextAttemptAt"] = delivery.NextAttemptAt.UtcDateTime,
                ["EnqueuedAt"] = delivery.CreatedAt.UtcDateTime,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);

    private async Task DeleteDueAsync(string rowKey, CancellationToken cancellationToken) =>
        await clients.WebhookDue.DeleteEntityAsync(DuePartition, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);

    public async Task<ImmutableArray<WebhookDelivery>> ListDeliveriesAsync(ProjectName project, string subscriptionId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var partition = StorageKeys.Partition(project);

        // Ids are "{subscription}.{hash}": '/' sorts right after '.', so the range holds exactly this subscription's rows.
        var from = StorageKeys.Escape(subscriptionId) + ".";
        var to = StorageKeys.Escape(subscriptionId) + "/";
        var found = new List<WebhookDelivery>();
        await foreach (var row in clients.WebhookDeliveries.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(ReadDelivery(row));
        }

        return [.. found.OrderByDescending(d => d.CreatedAt).Take(limit)];
    }

    private WebhookSubscription ReadSubscription(ProjectName project, TableEntity row) => new(
        row.GetString("Id"),
        project,
        new Uri(row.GetString("Url"), UriKind.Absolute),
        [.. (row.GetString("Events") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)],
        Enum.Parse<WebhookFormat>(row.GetString("Format")),
        protector.Unprotect(SecretPurpose, row.GetString("Secret")),
        row.GetString("CreatedBy"),
        row.GetDateTimeOffset("CreatedAt")!.Value);

    private static TableEntity ToEntity(WebhookDelivery delivery) => new(StorageKeys.Partition(delivery.Project), StorageKeys.Escape(delivery.Id))
    {
        ["Id"] = delivery.Id,
        ["Project"] = delivery.Project.Value,
        ["SubscriptionId"] = delivery.SubscriptionId,
        ["Event"] = StorageJson.Serialize(delivery.Event),
        ["CreatedAt"] = delivery.CreatedAt.UtcDateTime,
        ["Status"] = delivery.Status.ToString(),
        ["Attempts"] = delivery.Attempts,
        ["NextAttemptAt"] = delivery.NextAttemptAt.UtcDateTime,
        ["LastAttemptAt"] = delivery.LastAttemptAt?.UtcDateTime,
        ["LastStatusCode"] = delivery.LastStatusCode,
        ["LastError"] = delivery.LastError,
        ["DeliveredAt"] = delivery.DeliveredAt?.UtcDateTime,
    };

    private static WebhookDelivery ReadDelivery(TableEntity row) =>
        new WebhookDelivery(
            row.GetString("Id"),
            ProjectName.Parse(row.GetString("Project")),
            row.GetString("SubscriptionId"),
            StorageJson.Deserialize<EnvironmentEvent>(row.GetString("Event")),
            row.GetDateTimeOffset("CreatedAt")!.Value)
        {
            Status = Enum.Parse<WebhookDeliveryStatus>(row.GetString("Status")),
            Attempts = row.GetInt32("Attempts") ?? 0,
            NextAttemptAt = row.GetDateTimeOffset("NextAttemptAt")!.Value,
            LastAttemptAt = row.GetDateTimeOffset("LastAttemptAt"),
            LastStatusCode = row.GetInt32("LastStatusCode"),
            LastError = row.GetString("LastError"),
            DeliveredAt = row.GetDateTimeOffset("DeliveredAt"),
            Version = row.ETag.ToString(),
        };
}
