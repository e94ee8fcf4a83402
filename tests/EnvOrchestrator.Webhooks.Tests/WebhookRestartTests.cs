using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Webhooks;
using EnvOrchestrator.Webhooks.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Webhooks.Tests;

/// <summary>
/// Nothing published is lost when the service stops: the outbox is in Table Storage (Azurite), and a new service
/// instance on the same tables delivers what the old one published but never sent, or took and died sending.
/// </summary>
public sealed class WebhookRestartTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    [Fact(Timeout = 60_000)]
    public async Task SendDueAsync_AfterRestart_DeliversWhatTheStoppedInstancePublishedOrDiedSending()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var prefix = AzuriteFixture.UniqueName("wh");
        var keyRing = new InMemorySecretProtector();
        WebhookSubscription subscription;
        await using (var before = await WebhookServices.CreateAsync(_time, connectionString: azurite.ConnectionString, tablePrefix: prefix, protector: keyRing))
        {
            subscription = await before.SubscribeAsync(receiver.Url);
            await before.Outbox.PublishAsync(WebhookServices.Event("run-1:created", EnvironmentEventType.Created, _time.GetUtcNow()), CancellationToken.None);
            await before.Outbox.PublishAsync(WebhookServices.Event("run-1:ready", EnvironmentEventType.Ready, _time.GetUtcNow()), CancellationToken.None);

            // The instance takes "ready" (attempt counted, hidden for the attempt's length) and dies before sending it.
            var ready = (await before.Store.FindDueAsync(_time.GetUtcNow(), 10, CancellationToken.None)).Single(d => d.Event.Id == "run-1:ready");
            var taken = await before.Store.SaveDeliveryAsync(ready with { Attempts = 1, NextAttemptAt = _time.GetUtcNow().AddSeconds(32) }, ready.Version!, CancellationToken.None);
            Assert.True(taken.Succeeded);
        }

        await using var after = await WebhookServices.CreateAsync(_time, connectionString: azurite.ConnectionString, tablePrefix: prefix, protector: keyRing);
        await after.Sender.SendDueAsync(CancellationToken.None);
        var sentAtOnce = receiver.Requests.Select(r => r.Headers["webhook-id"]).ToList();
        _time.Advance(TimeSpan.FromSeconds(33));
        await after.Sender.SendDueAsync(CancellationToken.None);
        var log = await after.DeliveriesAsync(subscription);

        Assert.Equal(["run-1:created"], sentAtOnce);
        Assert.Equal(["run-1:created", "run-1:ready"], receiver.Requests.Select(r => r.Headers["webhook-id"]));
        Assert.All(log, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        Assert.Equal(2, log.Single(d => d.Event.Id == "run-1:ready").Attempts);
    }
}
