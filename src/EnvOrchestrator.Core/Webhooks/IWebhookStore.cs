using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Webhooks;

/// <summary>Webhook subscriptions per project and their deliveries (the outbox and the delivery log).</summary>
public interface IWebhookStore
{
    Task<StoreResult<WebhookSubscription>> AddSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    Task<WebhookSubscription?> FindSubscriptionAsync(ProjectName project, string id, CancellationToken cancellationToken);

    Task<ImmutableArray<WebhookSubscription>> ListSubscriptionsAsync(ProjectName project, CancellationToken cancellationToken);

    Task<StoreOutcome> DeleteSubscriptionAsync(ProjectName project, string id, CancellationToken cancellationToken);

    /// <summary>Stores each delivery durably, unless one with its id is stored already (the same event published again).</summary>
    Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Pending deliveries due at <paramref name="now"/>, of every project, at most <paramref name="limit"/>.</summary>
    Task<ImmutableArray<WebhookDelivery>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces the delivery if its version is still <paramref name="expectedVersion"/>: how a sender takes one.</summary>
    Task<StoreResult<WebhookDelivery>> SaveDeliveryAsync(WebhookDelivery delivery, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>A subscription's deliveries, newest first, at most <paramref name="limit"/>.</summary>
    Task<ImmutableArray<WebhookDelivery>> ListDeliveriesAsync(ProjectName project, string subscriptionId, int limit, CancellationToken cancellationToken);
}
