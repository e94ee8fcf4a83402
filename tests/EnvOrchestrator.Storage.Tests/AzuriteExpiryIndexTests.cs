using Azure.Data.Tables;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static EnvOrchestrator.Storage.Tests.TestData;

namespace EnvOrchestrator.Storage.Tests;

/// <summary>What the contract cannot see: the rows of the expiry index itself, and how they are repaired.</summary>
public sealed class AzuriteExpiryIndexTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const int Timeout = 60_000;
    private EnvironmentStorageClients? _clients;
    private TableEnvironmentStore? _store;

    private EnvironmentStorageClients Clients => _clients!;

    private TableEnvironmentStore Store => _store!;

    public async Task InitializeAsync()
    {
        _clients = new EnvironmentStorageClients(new EnvironmentStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = AzuriteFixture.UniqueName("x") });
        await new EnvironmentStorageInitializer(_clients, NullLogger<EnvironmentStorageInitializer>.Instance).EnsureCreatedAsync(CancellationToken.None);
        _store = new TableEnvironmentStore(
            _clients, new DocumentColumns(_clients, NullLogger<DocumentColumns>.Instance), new ExpiryIndex(_clients, NullLogger<ExpiryIndex>.Instance), NullLogger<TableEnvironmentStore>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_Extend_ReplacesTheIndexRow()
    {
        var created = (await Store.CreateAsync(Environment("dev-1", expiresAt: Now.AddHours(1)), CancellationToken.None)).Value!;

        await Store.SaveAsync(created with { ExpiresAt = Now.AddHours(9) }, created.Version!, CancellationToken.None);
        var rows = await IndexRowsAsync();

        var row = Assert.Single(rows);
        Assert.Equal(ExpiryIndex.Bucket(Now.AddHours(9)), row.PartitionKey);
    }

    [Fact(Timeout = Timeout)]
    public async Task FindExpiringAsync_StaleRows_AreRemovedFromTheIndex()
    {
        var created = (await Store.CreateAsync(Environment("dev-1", expiresAt: Now.AddHours(-2)), CancellationToken.None)).Value!;
        await Store.CreateAsync(Environment("dev-2", expiresAt: Now.AddHours(-1)), CancellationToken.None);
        await Store.SaveAsync(created with { ExpiresAt = Now.AddHours(5) }, created.Version!, CancellationToken.None);
        var ghost = new ExpiryIndex(Clients, NullLogger<ExpiryIndex>.Instance);
        var ghostId = Id("ghost");
        await ghost.UpsertAsync(ExpiryIndex.KeyOf(ghostId, Now.AddHours(-3), EnvironmentStatus.Ready)!.Value, ghostId, Now.AddHours(-3), CancellationToken.None);
        var lostRace = ExpiryIndex.KeyOf(created.Id, Now.AddHours(-4), EnvironmentStatus.Ready)!.Value;
        await ghost.UpsertAsync(lostRace, created.Id, Now.AddHours(-4), CancellationToken.None);

        var due = await Store.FindExpiringAsync(Now, 10, CancellationToken.None);
        var rows = await IndexRowsAsync();

        Assert.Equal(["dev-2"], due.Select(d => d.Id.Name.Value));
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(rows, r => r.GetString(ExpiryIndex.NameColumn) == "ghost");
        Assert.DoesNotContain(rows, r => r.RowKey == lostRace.Row);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_LargeDocument_IsOffloadedToBlobAndCleanedOnShrink()
    {
        var big = Environment("big") with { Outputs = Map(("blob", Core.Values.Value.Of(new string('x', 40_000)))) };

        var created = (await Store.CreateAsync(big, CancellationToken.None)).Value!;
        var blobsWhileBig = await PayloadBlobsAsync();
        await Store.SaveAsync(created with { Outputs = Map() }, created.Version!, CancellationToken.None);
        var blobsAfterShrink = await PayloadBlobsAsync();

        Assert.Single(blobsWhileBig);
        Assert.Empty(blobsAfterShrink);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListAsync_QueuedFilterAndRowStoredAsValidating_ListsIt()
    {
        var created = (await Store.CreateAsync(Environment("old-row"), CancellationToken.None)).Value!;
        await Store.SaveAsync(created with { Status = EnvironmentStatus.Queued }, created.Version!, CancellationToken.None);
        await Store.CreateAsync(Environment("ready-row") with { Status = EnvironmentStatus.Ready }, CancellationToken.None);
        var row = new TableEntity(StorageKeys.Partition(created.Id.Project), StorageKeys.Row(created.Id.Name)) { ["Status"] = "Validating" };
        await Clients.Environments.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Merge, CancellationToken.None);

        var page = await Store.ListAsync(created.Id.Project, new EnvironmentFilter { Statuses = [EnvironmentStatus.Queued] }, 10, null, CancellationToken.None);

        Assert.Equal(["old-row"], page.Items.Select(e => e.Id.Name.Value));
    }

    private async Task<List<TableEntity>> IndexRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Clients.ExpiryIndex.QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<List<string>> PayloadBlobsAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Clients.Payloads.GetBlobsAsync(cancellationToken: CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
