using System.Collections.Immutable;
using System.Globalization;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Webhooks.InMemory;

/// <summary>Webhook subscriptions and deliveries in memory: tests and trying the service without storage.</summary>
public sealed class InMemoryWebhookStore : IWebhookStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(ProjectName, string), WebhookSubscription> _subscriptions = [];
    private readonly Dictionary<string, WebhookDelivery> _deliveries = new(StringComparer.Ordinal);
    private long _version;

    public Task<StoreResult<WebhookSubscription>> AddSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_gate)
        {
            return Task.FromResult(_subscriptions.TryAdd((subscription.Project, subscription.Id), subscription)
                ? StoreResult.Success(subscription)
                : StoreResult.Failure<WebhookSubscription>(StoreOutcome.AlreadyExists));
        }
    }

    public Task<WebhookSubscription?> FindSubscriptionAsync(ProjectName project, string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_subscriptions.GetValueOrDefault((project, id)));
        }
    }

    public Task<ImmutableArray<WebhookSubscription>> ListSubscriptionsAsync(ProjectName project, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_subscriptions.Values.Where(s => s.Project == project).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToImmutableArray());
        }
    }

    public Task<StoreOutcome> DeleteSubscriptionAsync(ProjectName project, string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_subscriptions.Remove((project, id)) ? StoreOutcome.Succeeded : StoreOutcome.NotFound);
        }
    }

    public Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        lock (_gate)
        {
            foreach (var delivery in deliveries)
            {
                _deliveries.TryAdd(delivery.Id, delivery with { Version = NextVersion() });
            }
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<WebhookDelivery>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.Values
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt)
                .Take(limit)
                .ToImmutableArray());
        }
    }

    public Task<StoreResult<WebhookDelivery>> SaveDeliveryAsync(WebhookDelivery delivery, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_gate)
        {
            if (!_deliveries.TryGetValue(delivery.Id, out var stored))
            {
                return Task.FromResult(StoreResult.Failure<WebhookDelivery>(StoreOutcome.NotFound));
            }

            if (stored.Version != expectedVersion)
            {
                return Task.FromResult(StoreResult.Failure<WebhookDelivery>(StoreOutcome.VersionConflict));
            }

            var saved = delivery with { Version = NextVersion() };
            _deliveries[delivery.Id] = saved;
            return Task.FromResult(StoreResult.Success(saved));
        }
    }

    public Task<ImmutableArray<WebhookDelivery>> ListDeliveriesAsync(ProjectName project, string subscriptionId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.Values
                .Where(d => d.Project == project && d.SubscriptionId == subscriptionId)
                .OrderByDescending(d => d.CreatedAt)
                .Take(limit)
                .ToImmutableArray());
        }
    }

    private string NextVersion() => (++_version).ToString(CultureInfo.InvariantCulture);
}
