using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IWebhookStore"/> must do; derived once per implementation.</summary>
public abstract class WebhookStoreContract : StoreContract
{
    private static readonly ProjectName Project = ProjectName.Parse("team-a");

    private IWebhookStore Webhooks => Stores.Webhooks;

    [Fact(Timeout = Timeout)]
    public async Task AddSubscriptionAsync_ThenFindAndList_SameSubscriptionWithItsSecret()
    {
        var first = Subscription("wh1", ["ready", "failed"], WebhookFormat.Slack);
        var second = Subscription("wh2", [], WebhookFormat.CloudEvents) with { CreatedAt = Time.GetUtcNow().AddMinutes(1) };

        Assert.True((await Webhooks.AddSubscriptionAsync(first, CancellationToken.None)).Succeeded);
        Assert.True((await Webhooks.AddSubscriptionAsync(second, CancellationToken.None)).Succeeded);
        var again = await Webhooks.AddSubscriptionAsync(first, CancellationToken.None);
        var found = await Webhooks.FindSubscriptionAsync(Project, "wh1", CancellationToken.None);
        var listed = await Webhooks.ListSubscriptionsAsync(Project, CancellationToken.None);
        var otherProject = await Webhooks.ListSubscriptionsAsync(ProjectName.Parse("team-b"), CancellationToken.None);

        Assert.Equal(StoreOutcome.AlreadyExists, again.Outcome);
        Assert.Equal(Comparable(first), Comparable(found!));
        Assert.Equal(["wh1", "wh2"], listed.Select(s => s.Id));
        Assert.Empty(listed[1].Events);
        Assert.Empty(otherProject);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteSubscriptionAsync_Existing_GoneAndASecondDeleteNotFound()
    {
        await Webhooks.AddSubscriptionAsync(Subscription("wh1", [], WebhookFormat.Teams), CancellationToken.None);

        var deleted = await Webhooks.DeleteSubscriptionAsync(Project, "wh1", CancellationToken.None);
        var again = await Webhooks.DeleteSubscriptionAsync(Project, "wh1", CancellationToken.None);

        Assert.Equal(StoreOutcome.Succeeded, deleted);
        Assert.Equal(StoreOutcome.NotFound, again);
        Assert.Null(await Webhooks.FindSubscriptionAsync(Project, "wh1", CancellationToken.None));
    }

    [Fact(Timeout = Timeout)]
    public async Task EnqueueAsync_SameEventTwice_StoredOnceAndDueUntilSaved()
    {
        var subscription = Subscription("wh1", [], WebhookFormat.CloudEvents);
        var delivery = WebhookDelivery.For(subscription, Event("run-1:ready"), Time.GetUtcNow());

        await Webhooks.EnqueueAsync([delivery], CancellationToken.None);
        var due = Assert.Single(await Webhooks.FindDueAsync(Time.GetUtcNow(), 10, CancellationToken.None));
        var taken = await Webhooks.SaveDeliveryAsync(due with { Attempts = 1, NextAttemptAt = Time.GetUtcNow().AddMinutes(1) }, due.Version!, CancellationToken.None);
        await Webhooks.EnqueueAsync([delivery with { CreatedAt = Time.GetUtcNow().AddSeconds(5) }], CancellationToken.None);
        var stale = await Webhooks.SaveDeliveryAsync(due with { Attempts = 1 }, due.Version!, CancellationToken.None);

        Assert.Equal(delivery.Event, due.Event);
        Assert.Equal(WebhookDeliveryStatus.Pending, due.Status);
        Assert.True(taken.Succeeded);
        Assert.Equal(StoreOutcome.VersionConflict, stale.Outcome);
        Assert.Empty(await Webhooks.FindDueAsync(Time.GetUtcNow(), 10, CancellationToken.None));
        var later = Assert.Single(await Webhooks.FindDueAsync(Time.GetUtcNow().AddMinutes(2), 10, CancellationToken.None));
        Assert.Equal(1, later.Attempts);
    }

    [Fact(Timeout = Timeout)]
    public async Task FindDueAsync_DeliveredOrFailed_NeverDueAgain()
    {
        var subscription = Subscription("wh1", [], WebhookFormat.CloudEvents);
        await Webhooks.EnqueueAsync(
            [WebhookDelivery.For(subscription, Event("a"), Time.GetUtcNow()), WebhookDelivery.For(subscription, Event("b"), Time.GetUtcNow())],
            CancellationToken.None);
        var due = await Webhooks.FindDueAsync(Time.GetUtcNow(), 10, CancellationToken.None);

        foreach (var delivery in due)
        {
            var status = delivery.Event.Id == "a" ? WebhookDeliveryStatus.Delivered : WebhookDeliveryStatus.Failed;
            Assert.True((await Webhooks.SaveDeliveryAsync(delivery with { Status = status, Attempts = 1 }, delivery.Version!, CancellationToken.None)).Succeeded);
        }

        Assert.Equal(2, due.Length);
        Assert.Empty(await Webhooks.FindDueAsync(Time.GetUtcNow().AddDays(1), 10, CancellationToken.None));
        Assert.Equal(2, (await Webhooks.ListDeliveriesAsync(Project, "wh1", 10, CancellationToken.None)).Length);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListDeliveriesAsync_SeveralSubscriptions_OnlyThatSubscriptionsNewestFirstWithOutcome()
    {
        var one = Subscription("wh1", [], WebhookFormat.CloudEvents);
        var two = Subscription("wh12", [], WebhookFormat.CloudEvents);
        var now = Time.GetUtcNow();
        await Webhooks.EnqueueAsync(
            [
                WebhookDelivery.For(one, Event("a"), now),
                WebhookDelivery.For(one, Event("b"), now.AddSeconds(1)),
                WebhookDelivery.For(two, Event("a"), now.AddSeconds(2)),
            ],
            CancellationToken.None);
        var due = await Webhooks.FindDueAsync(now.AddSeconds(3), 10, CancellationToken.None);
        var first = due.Single(d => d.SubscriptionId == "wh1" && d.Event.Id == "a");
        await Webhooks.SaveDeliveryAsync(
            first with { Status = WebhookDeliveryStatus.Delivered, Attempts = 2, LastStatusCode = 204, LastError = null, DeliveredAt = now.AddSeconds(9), LastAttemptAt = now.AddSeconds(8) },
            first.Version!,
            CancellationToken.None);

        var log = await Webhooks.ListDeliveriesAsync(Project, "wh1", 10, CancellationToken.None);

        Assert.Equal(["b", "a"], log.Select(d => d.Event.Id));
        Assert.Equal((WebhookDeliveryStatus.Delivered, 2, 204, now.AddSeconds(9)), (log[1].Status, log[1].Attempts, log[1].LastStatusCode, log[1].DeliveredAt));
        Assert.Equal(3, due.Length);
    }

    private WebhookSubscription Subscription(string id, string[] events, WebhookFormat format) =>
        new(id, Project, new Uri("https://hooks.example.com/envorch?team=a"), [.. events], format, "whsec_" + Convert.ToBase64String(new byte[32]), "alice", Time.GetUtcNow());

    private EnvironmentEvent Event(string id) =>
        new(id, EnvironmentEventType.Ready, Project.Value, "web-1", Time.GetUtcNow(), "Ready", "run-1", null, "all good");

    private static object Comparable(WebhookSubscription s) => (s.Id, s.Project, s.Url, string.Join(",", s.Events), s.Format, s.Secret, s.CreatedBy, s.CreatedAt);
}
