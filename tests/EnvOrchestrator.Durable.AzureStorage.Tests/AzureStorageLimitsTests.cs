using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Testing;
using static EnvOrchestrator.Testing.DurableBackend.BackendTestData;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

/// <summary>Azure-only behaviour: Azure's limits, which Azurite does not enforce, and where large values go.</summary>
public sealed class AzureStorageLimitsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const int Timeout = 60_000;
    private static readonly CancellationToken Token = CancellationToken.None;
    private AzureStorageOrchestrationBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await AzuriteBackends.CreateHubAsync(azurite);

    public Task DisposeAsync() => _backend.DeleteTaskHubAsync(Token);

    private TableClient Instances => new(azurite.ConnectionString, _backend.TaskHub + "Instances");

    private BlobContainerClient Payloads => new(azurite.ConnectionString, _backend.TaskHub.ToLowerInvariant() + "-payloads",
        new BlobClientOptions(StorageClients.BlobServiceVersion));

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_OneMegabyteInput_GoesToBlobReferencedFromStateRow()
    {
        var state = State("big/one") with { Input = Large(1_000_000) };

        await _backend.CommitAsync(Insert(state), Token);
        var row = (await Instances.GetEntityAsync<TableEntity>("big%2Fone", "$state")).Value;
        var blobs = await ListBlobsAsync("big%2Fone/");
        var read = await _backend.ReadInstanceAsync("big/one", includeHistory: false, Token);

        Assert.Null(row.GetString("Input"));
        Assert.Equal(Assert.Single(blobs), row.GetString("InputBlob"));
        Assert.Equal(state.Input, read!.State.Input);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_MidSizeEpisode_SplitOverColumnsWithoutBlob()
    {
        var episode = Episode("exec1", 1, Large(100_000));

        await _backend.CommitAsync(Insert(State("mid", episode: 1), episode), Token);
        var row = (await Instances.GetEntityAsync<TableEntity>("mid", "h|exec1|00000001")).Value;
        var blobs = await ListBlobsAsync("mid/");

        Assert.Equal(4, row.GetInt32("EventsChunks"));
        Assert.Equal(30_000, row.GetString("Events")!.Length);
        Assert.NotNull(row.GetString("Events_3"));
        Assert.Empty(blobs);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_UnchangedLargeInput_ReusesBlobAndChangedOutputReplacesOld()
    {
        var state = State("reuse", episode: 1) with { Input = Large(1_000_000), Output = Large(600_000, 'o') };
        var first = await _backend.CommitAsync(Insert(state), Token);
        var afterFirst = await ListBlobsAsync("reuse/");

        var second = await _backend.CommitAsync(Update(first.ETag!, state with { Episode = 2, Output = Large(600_000, 'p') }), Token);
        var afterSecond = await ListBlobsAsync("reuse/");
        var read = await _backend.ReadInstanceAsync("reuse", includeHistory: true, Token);

        Assert.True(second.Succeeded);
        Assert.Equal(2, afterFirst.Count);
        Assert.Equal(2, afterSecond.Count);
        Assert.Single(afterFirst.Intersect(afterSecond));
        Assert.Equal(Large(600_000, 'p'), read!.State.Output);
        Assert.Equal(state.Input, read.State.Input);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_ConflictAfterUpload_RemovesUploadedBlobs()
    {
        await _backend.CommitAsync(Insert(State("race")), Token);

        var conflict = await _backend.CommitAsync(Insert(State("race") with { Input = Large(1_000_000) }), Token);

        Assert.False(conflict.Succeeded);
        Assert.Empty(await ListBlobsAsync("race/"));
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteUnreferencedUploadsAsync_ConflictWithOwnRetriedWrite_KeepsTheBlobsItsRowsName()
    {
        // What a batch retried after a lost reply sees: a conflict, yet the first attempt's rows name the uploads.
        await _backend.CommitAsync(Insert(State("retried") with { Input = Large(1_000_000) }), Token);
        var committed = Assert.Single(await ListBlobsAsync("retried/"));
        var stray = "retried/" + Guid.NewGuid().ToString("N");
        await Payloads.UploadBlobAsync(stray, BinaryData.FromString("never referenced"), Token);

        await _backend.DeleteUnreferencedUploadsAsync([new PendingBlob(committed, string.Empty), new PendingBlob(stray, string.Empty)], Token);

        Assert.Equal([committed], await ListBlobsAsync("retried/"));
        var read = await _backend.ReadInstanceAsync("retried", includeHistory: false, Token);
        Assert.Equal(Large(1_000_000), read!.State.Input);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_MoreThan100Rows_RejectedBeforeAnyRequest()
    {
        var first = await _backend.CommitAsync(Insert(State("many")), Token);
        var before = _backend.RequestCounter.Tables.Count + _backend.RequestCounter.Blobs.Count;
        var commit = Update(first.ETag!, State("many", episode: 1) with { Input = Large(1_000_000) }, Episode("exec1", 1), Outbox("o", "m"),
            Enumerable.Range(0, 98).Select(i => "d" + i).ToArray());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _backend.CommitAsync(commit, Token));

        Assert.Contains("100", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _backend.RequestCounter.Tables.Count + _backend.RequestCounter.Blobs.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_AllRowsOfACommit_ShareTheInstancePartition()
    {
        await _backend.CommitAsync(Insert(State("a#1", episode: 1), Episode("exec1", 1), Outbox("o1", "m")), Token);
        await _backend.CommitAsync(Insert(State("a#2", episode: 1), Episode("exec1", 1), Outbox("o1", "m")), Token);

        var rows = new List<TableEntity>();
        await foreach (var row in Instances.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        Assert.Equal(6, rows.Count);
        Assert.Equal(["a%231", "a%232"], rows.Select(r => r.PartitionKey).Distinct().Order(StringComparer.Ordinal));
        Assert.All(rows.GroupBy(r => r.PartitionKey), g => Assert.Equal(["$state", "h|exec1|00000001", "o|o1"], g.Select(r => r.RowKey)));
        await Assert.ThrowsAsync<ArgumentException>(() => _backend.CommitAsync(Insert(State("a#3")) with { InstanceId = "a#4" }, Token));
    }

    [Fact(Timeout = Timeout)]
    public async Task SubmitTransaction_FailingAction_RollsBackWholeBatchOnAzurite()
    {
        var table = Instances;
        await table.AddEntityAsync(new TableEntity("p", "exists"));

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "exists")),
        ]));
        var written = await table.GetEntityIfExistsAsync<TableEntity>("p", "new");

        Assert.Equal(409, failure.Status);
        Assert.False(written.HasValue);
    }

    [Fact(Timeout = Timeout)]
    public async Task SendMessageAsync_LargeBody_TravelsAsBlobReferenceDeletedWithMessage()
    {
        var queue = new QueueClient(azurite.ConnectionString, _backend.TaskHub.ToLowerInvariant() + "-workitems",
            new QueueClientOptions(StorageClients.QueueServiceVersion));
        var body = Large(100_000);

        await _backend.SendMessageAsync(QueueNames.WorkItems, "small", TimeSpan.Zero, Token);
        await _backend.SendMessageAsync(QueueNames.WorkItems, body, TimeSpan.Zero, Token);
        var raw = (await queue.PeekMessagesAsync(32)).Value.Select(m => m.MessageText).ToList();
        var received = await _backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromMinutes(1), Token);
        var blobsBefore = await ListBlobsAsync(PayloadBlobStore.MessagesFolder);
        await Task.WhenAll(received.Select(m => _backend.DeleteMessageAsync(m, Token)));
        var blobsAfter = await ListBlobsAsync(PayloadBlobStore.MessagesFolder);

        Assert.Equal(2, raw.Count);
        Assert.Contains("Tsmall", raw);
        Assert.Single(raw, r => r.StartsWith('R'));
        Assert.Contains(received, m => m.Body == body);
        Assert.Single(blobsBefore);
        Assert.Empty(blobsAfter);
    }

    [Fact(Timeout = Timeout)]
    public async Task PurgeInstanceAsync_WithBlobs_DeletesThem()
    {
        await _backend.CommitAsync(Insert(State("gone", episode: 1) with { Input = Large(1_000_000) }, Episode("exec1", 1, Large(2_000_000, 'h'))), Token);
        var before = await ListBlobsAsync("gone/");

        var purged = await _backend.PurgeInstanceAsync("gone", Token);

        Assert.True(purged);
        Assert.Equal(2, before.Count);
        Assert.Empty(await ListBlobsAsync("gone/"));
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadInstanceAsync_CachedHistory_CostsOneTableRequest()
    {
        var etag = (await _backend.CommitAsync(Insert(State("cached", episode: 1), Episode("exec1", 1)), Token)).ETag!;
        etag = (await _backend.CommitAsync(Update(etag, State("cached", episode: 2), Episode("exec1", 2)), Token)).ETag!;
        var before = _backend.RequestCounter.Tables.Count;

        var snapshot = await _backend.ReadInstanceAsync("cached", includeHistory: true, Token);

        Assert.Equal(1, _backend.RequestCounter.Tables.Count - before);
        Assert.Equal([1, 2], snapshot!.History.Select(e => e.Episode));
        Assert.Equal(etag, snapshot.ETag);
    }

    private async Task<List<string>> ListBlobsAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Payloads.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
