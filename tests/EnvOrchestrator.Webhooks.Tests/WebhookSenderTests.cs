using System.Globalization;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Core.Webhooks.InMemory;
using EnvOrchestrator.Testing.Webhooks;
using EnvOrchestrator.Webhooks.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Webhooks.Tests;

/// <summary>The outbox and the sender against a real receiver on loopback; time is fake, so retries are stepped through.</summary>
public sealed class WebhookSenderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    [Fact(Timeout = 30_000)]
    public async Task SendDueAsync_TwoSubscriptionsOneFiltered_OnlyTheInterestedOneGetsItSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await WebhookServices.CreateAsync(_time);
        var all = await services.SubscribeAsync(receiver.Url);
        var readyOnly = await services.SubscribeAsync(receiver.Url, ["ready"]);

        await services.Outbox.PublishAsync(WebhookServices.Event("run-1:failed", EnvironmentEventType.Failed, _time.GetUtcNow()), CancellationToken.None);
        var attempts = await services.Sender.SendDueAsync(CancellationToken.None);

        Assert.Equal(1, attempts);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("run-1:failed", request.Headers["webhook-id"]);
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(request.Headers["webhook-timestamp"], CultureInfo.InvariantCulture));
        Assert.True(WebhookSignature.Verify(all.Secret, "run-1:failed", timestamp, request.Body, request.Headers["webhook-signature"]));
        Assert.False(WebhookSignature.Verify(readyOnly.Secret, "run-1:failed", timestamp, request.Body, request.Headers["webhook-signature"]));
        Assert.StartsWith("application/cloudevents+json", request.ContentType, StringComparison.Ordinal);
        var logged = Assert.Single(await services.DeliveriesAsync(all));
        Assert.Equal((WebhookDeliveryStatus.Delivered, 1, 204), (logged.Status, logged.Attempts, logged.LastStatusCode));
        Assert.Empty(await services.DeliveriesAsync(readyOnly));
    }

    [Fact(Timeout = 30_000)]
    public async Task SendDueAsync_ReceiverFailsThenRecovers_RetriedAfterBackoffAndRetryAfterThenDeliveredOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await WebhookServices.CreateAsync(_time);
        var subscription = await services.SubscribeAsync(receiver.Url, format: "slack");
        receiver.Answer(WebhookReceiver.Status(500), WebhookReceiver.Status(503, retryAfter: "30"));
        var start = _time.GetUtcNow();
        var ready = WebhookServices.Event("run-1:ready", EnvironmentEventType.Ready, start);
        await services.Outbox.PublishAsync(ready, CancellationToken.None);

        await services.Sender.SendDueAsync(CancellationToken.None);
        var afterFirst = await LogAsync(services, subscription);
        var notYet = await services.Sender.SendDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await services.Sender.SendDueAsync(CancellationToken.None);
        var afterSecond = await LogAsync(services, subscription);
        _time.Advance(TimeSpan.FromSeconds(29));
        var beforeRetryAfter = await services.Sender.SendDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await services.Sender.SendDueAsync(CancellationToken.None);
        await services.Outbox.PublishAsync(ready, CancellationToken.None);
        var republished = await services.Sender.SendDueAsync(CancellationToken.None);
        var delivered = await LogAsync(services, subscription);

        Assert.Equal((WebhookDeliveryStatus.Pending, 1, 500), (afterFirst.Status, afterFirst.Attempts, afterFirst.LastStatusCode));
        Assert.Equal(start.AddSeconds(5), afterFirst.NextAttemptAt);
        Assert.Equal(0, notYet);
        Assert.Equal((2, 503, start.AddSeconds(35)), (afterSecond.Attempts, afterSecond.LastStatusCode, afterSecond.NextAttemptAt));
        Assert.Equal(0, beforeRetryAfter);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 3, 204), (delivered.Status, delivered.Attempts, delivered.LastStatusCode));
        Assert.Equal(0, republished);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal("run-1:ready", r.Headers["webhook-id"]));
    }

    [Fact(Timeout = 30_000)]
    public async Task SendDueAsync_NobodyListening_ErrorLoggedAndGivenUpAfterMaxAttempts()
    {
        var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.Url;
        await receiver.DisposeAsync();
        await using var services = await WebhookServices.CreateAsync(_time, configure: o => o.MaxAttempts = 2);
        var subscription = await services.SubscribeAsync(url);
        await services.Outbox.PublishAsync(WebhookServices.Event("run-1:created", EnvironmentEventType.Created, _time.GetUtcNow()), CancellationToken.None);

        await services.Sender.SendDueAsync(CancellationToken.None);
        var first = await LogAsync(services, subscription);
        _time.Advance(TimeSpan.FromSeconds(5));
        await services.Sender.SendDueAsync(CancellationToken.None);
        var last = await LogAsync(services, subscription);

        Assert.Equal((WebhookDeliveryStatus.Pending, (int?)null), (first.Status, first.LastStatusCode));
        Assert.False(string.IsNullOrEmpty(first.LastError));
        Assert.Equal((WebhookDeliveryStatus.Failed, 2), (last.Status, last.Attempts));
    }

    [Fact(Timeout = 30_000)]
    public async Task SendDueAsync_SubscriptionRemovedBeforeSending_FailedWithoutARequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await WebhookServices.CreateAsync(_time);
        var subscription = await services.SubscribeAsync(receiver.Url);
        await services.Outbox.PublishAsync(WebhookServices.Event("run-1:ready", EnvironmentEventType.Ready, _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(StoreOutcome.Succeeded, await services.Store.DeleteSubscriptionAsync(WebhookServices.Project, subscription.Id, CancellationToken.None));
        await services.Sender.SendDueAsync(CancellationToken.None);

        var delivery = Assert.Single(await services.Store.ListDeliveriesAsync(WebhookServices.Project, subscription.Id, 10, CancellationToken.None));
        Assert.Equal((WebhookDeliveryStatus.Failed, "The subscription was removed."), (delivery.Status, delivery.LastError));
        Assert.Empty(receiver.Requests);
    }

    // Two service instances on one store: each delivery is taken by one sender only.
    [Fact(Timeout = 30_000)]
    public async Task SendDueAsync_TwoInstancesRacing_EachEventSentOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var store = new InMemoryWebhookStore();
        await using var first = await WebhookServices.CreateAsync(_time, store);
        await using var second = await WebhookServices.CreateAsync(_time, store);
        await first.SubscribeAsync(receiver.Url);
        for (var i = 0; i < 20; i++)
        {
            await first.Outbox.PublishAsync(WebhookServices.Event($"run-{i}:ready", EnvironmentEventType.Ready, _time.GetUtcNow()), CancellationToken.None);
        }

        var attempts = await Task.WhenAll(Task.Run(() => first.Sender.SendDueAsync(CancellationToken.None)), Task.Run(() => second.Sender.SendDueAsync(CancellationToken.None)));

        Assert.Equal(20, attempts.Sum());
        Assert.Equal(20, receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        Assert.Equal(20, receiver.Requests.Count);
    }

    private static async Task<WebhookDelivery> LogAsync(WebhookServices services, WebhookSubscription subscription) =>
        Assert.Single(await services.DeliveriesAsync(subscription));
}
