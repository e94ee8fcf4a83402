using System.Security.Cryptography;
using System.Text;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;

namespace EnvOrchestrator.Core.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet: due at <see cref="WebhookDelivery.NextAttemptAt"/> (a sender holds it until then while it tries).</summary>
    Pending,

    Delivered,

    /// <summary>Given up: every attempt failed, or the subscription was removed.</summary>
    Failed,
}

/// <summary>
/// One event for one subscription: the outbox entry while pending, the delivery log afterwards. Its id is derived
/// from the subscription and the event's id, so an event published again (a step run again after a crash) is stored once.
/// </summary>
public sealed record WebhookDelivery(string Id, ProjectName Project, string SubscriptionId, EnvironmentEvent Event, DateTimeOffset CreatedAt)
{
    public WebhookDeliveryStatus Status { get; init; } = WebhookDeliveryStatus.Pending;

    /// <summary>Attempts started so far (a started attempt counts even if its sender died).</summary>
    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>The receiver's HTTP status of the last attempt; null when none came (timeout, refused connection).</summary>
    public int? LastStatusCode { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The stored version (ETag); null before it is stored.</summary>
    public string? Version { get; init; }

    public static WebhookDelivery For(WebhookSubscription subscription, EnvironmentEvent environmentEvent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(environmentEvent);
        return new WebhookDelivery(IdFor(subscription.Id, environmentEvent.Id), subscription.Project, subscription.Id, environmentEvent, now) { NextAttemptAt = now };
    }

    /// <summary><c>{subscription}.{hash of the event id}</c>: deliveries of one subscription share a prefix, and the id is safe as a table key.</summary>
    public static string IdFor(string subscriptionId, string eventId) =>
        subscriptionId + "." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32];
}
