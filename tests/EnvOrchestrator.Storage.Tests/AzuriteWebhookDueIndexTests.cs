using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnvOrchestrator.Storage.Tests;

/// <summary>What the contract cannot see: the due index of pending webhook deliveries, and how it is repaired.</summary>
public sealed class AzuriteWebhookDueIndexTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const int Timeout = 60_000;
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly ProjectName Project = ProjectName.Parse("team-a");
    private EnvironmentStorageClients? _clients;

    private EnvironmentStorageClients Clients => _clients!;

    private TableWebhookStore Store => new(Clients, new InMemorySecretProtector());

    public async Task InitializeAsync()
    {
        _clients = new EnvironmentStorageClients(new EnvironmentStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = AzuriteFixture.UniqueName("w") });
        await new EnvironmentStorageInitializer(_clients, NullLogger<EnvironmentStorageInitializer>.Instance).EnsureCreatedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact(Timeout = Timeout)]
    public async Task SaveDeliveryAsync_PendingThenDelivered_IndexFollowsThenForgetsIt()
    {
        var delivery = Delivery("a");
        await Store.EnqueueAsync([delivery], CancellationToken.None);
        var enqueued = await DueRowsAsync();
        var taken = Assert.Single(await Store.FindDueAsync(Now, 10, CancellationToken.None));
        var later = (await Store.SaveDeliveryAsync(taken with { Attempts = 1, NextAttemptAt = Now.AddSeconds(40) }, taken.Version!, CancellationToken.None)).Value!;
        var afterTake = await DueRowsAsync();
        await Store.SaveDeliveryAsync(later with { Status = WebhookDeliveryStatus.Delivered }, later.Version!, CancellationToken.None);

        Assert.Equal(Now, Assert.Single(enqueued).GetDateTimeOffset("NextAttemptAt"));
        Assert.Equal(Now.AddSeconds(40), Assert.Single(afterTake).GetDateTimeOffset("NextAttemptAt"));
        Assert.Empty(await DueRowsAsync());
    }

    // A crash between the two writes of an enqueue leaves a due row without its delivery: kept while young (the
    // enqueue may still be writing), removed once old. A row left for a settled delivery is removed when read.
    [Fact(Timeout = Timeout)]
    public async Task FindDueAsync_OrphanOrStaleRows_RepairedWithoutBeingReturned()
    {
        await Clients.WebhookDue.AddEntityAsync(DueRow("young", Now.AddMinutes(-1)));
        await Clients.WebhookDue.AddEntityAsync(DueRow("old", Now.AddMinutes(-10)));
        var settled = Delivery("settled");
        await Store.EnqueueAsync([settled], CancellationToken.None);
        var stored = Assert.Single(await Store.FindDueAsync(Now, 10, CancellationToken.None));
        await Store.SaveDeliveryAsync(stored with { Status = WebhookDeliveryStatus.Delivered }, stored.Version!, CancellationToken.None);
        await Clients.WebhookDue.AddEntityAsync(DueRow(settled.Id, Now));

        var due = await Store.FindDueAsync(Now, 10, CancellationToken.None);

        Assert.Empty(due);
        Assert.Equal(["wh1.young"], (await DueRowsAsync()).Select(r => r.RowKey));
    }

    private static WebhookDelivery Delivery(string eventId) =>
        new($"wh1.{eventId}", Project, "wh1", new EnvironmentEvent(eventId, EnvironmentEventType.Ready, Project.Value, "web-1", Now, "Ready", "run-1", null, null), Now) { NextAttemptAt = Now };

    private static TableEntity DueRow(string id, DateTimeOffset enqueuedAt) =>
        new("due", id.StartsWith("wh1.", StringComparison.Ordinal) ? id : "wh1." + id)
        {
            ["Project"] = Project.Value,
            ["NextAttemptAt"] = Now.AddMinutes(-1).UtcDateTime,
            ["EnqueuedAt"] = enqueuedAt.UtcDateTime,
        };

    private async Task<List<TableEntity>> DueRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Clients.WebhookDue.QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
