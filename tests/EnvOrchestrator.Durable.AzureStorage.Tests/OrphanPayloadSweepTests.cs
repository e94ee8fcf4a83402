using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static EnvOrchestrator.Testing.DurableBackend.BackendTestData;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

/// <summary>
/// The orphan payload sweep on Azurite. Blobs get their creation time from the emulator's clock; the backend's clock
/// is a fake, set two days ahead (blobs are "old") or one hour ahead ("young") just before a pass, so no test waits
/// for anything to age.
/// </summary>
public sealed class OrphanPayloadSweepTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const int Timeout = 90_000;
    private static readonly CancellationToken Token = CancellationToken.None;
    private static readonly TimeSpan Age = TimeSpan.FromDays(1);
    private static readonly TimeSpan Old = TimeSpan.FromDays(2);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private AzureStorageOrchestrationBackend _backend = null!;

    public async Task InitializeAsync() =>
        _backend = await AzuriteBackends.CreateHubAsync(azurite, XunitLoggerFactory.Create(output), _time);

    public Task DisposeAsync() => _backend.DeleteTaskHubAsync(Token);

    private BlobContainerClient Payloads => new(azurite.ConnectionString, _backend.TaskHub.ToLowerInvariant() + "-payloads",
        new BlobClientOptions(StorageClients.BlobServiceVersion));

    private TableClient Instances => new(azurite.ConnectionString, _backend.TaskHub + "Instances");

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_OldInstanceBlobs_DeletesOnlyUnreferenced()
    {
        // Every payload column of every row kind in a blob: 500,000 characters exceed an entity's budget on their own.
        var state = State("live/1", episode: 1) with
        {
            Input = Large(500_000, 'i'),
            Output = Large(500_000, 'o'),
            CustomStatus = Large(500_000, 's'),
            FailureDetails = Large(500_000, 'f'),
        };
        await _backend.CommitAsync(Insert(state, Episode("exec1", 1, Large(500_000, 'e')), Outbox("out", Large(500_000, 'm'))), Token);
        var referenced = await ReferencedBlobsAsync("live%2F1");
        var crashedCommit = await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.InstancePrefix("live/1")));

        var result = await SweepLaterAsync(Old);
        var remaining = await ListBlobsAsync();
        var read = await _backend.ReadInstanceAsync("live/1", includeHistory: true, Token);

        Assert.Equal(6, referenced.Count);
        Assert.Equal(1, result.BlobsDeleted);
        Assert.Equal(7, result.BlobsExamined);
        Assert.True(result.ReachedEnd);
        Assert.DoesNotContain(crashedCommit, remaining);
        Assert.Equal(referenced.Order(StringComparer.Ordinal), remaining.Order(StringComparer.Ordinal));
        Assert.Equal(state.CustomStatus, read!.State.CustomStatus);
        Assert.Equal(Large(500_000, 'e'), Assert.Single(read.History).EventsJson);
        Assert.Equal(Large(500_000, 'm'), Assert.Single(Assert.Single(read.PendingOutboxes).Messages).Body);
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_BlobReplacedByAnotherProcess_Deleted()
    {
        // The second process has no cached copy of the state row, so it cannot know which blob its commit replaced.
        var first = await _backend.CommitAsync(Insert(State("moved", episode: 1) with { Input = Large(500_000) }), Token);
        var replaced = await ListBlobsAsync();
        var other = AzuriteBackends.Create(azurite, _backend.TaskHub, time: _time);
        await other.CommitAsync(Update(first.ETag!, State("moved", episode: 2) with { Input = Large(500_000, 'x') }), Token);

        var result = await SweepLaterAsync(Old);
        var remaining = await ListBlobsAsync();
        var read = await _backend.ReadInstanceAsync("moved", includeHistory: false, Token);

        Assert.Equal(1, result.BlobsDeleted);
        Assert.DoesNotContain(Assert.Single(replaced), remaining);
        Assert.Single(remaining);
        Assert.Equal(Large(500_000, 'x'), read!.State.Input);
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_BlobOfInstanceWithoutRows_Deleted()
    {
        var orphan = await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.InstancePrefix("never.started")));

        var result = await SweepLaterAsync(Old);

        Assert.Equal(1, result.BlobsDeleted);
        Assert.DoesNotContain(orphan, await ListBlobsAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_YoungOrphans_Kept()
    {
        var orphans = new[]
        {
            await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.InstancePrefix("young"))),
            await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.MessagesPrefix(QueueNames.WorkItems))),
            await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.PoisonFolder)),
        };

        var result = await SweepLaterAsync(TimeSpan.FromHours(1));

        Assert.Equal(0, result.BlobsDeleted);
        Assert.Equal(3, result.BlobsExamined);
        Assert.Equal(orphans.Order(StringComparer.Ordinal), (await ListBlobsAsync()).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_DelayedMessagePending_KeepsBodiesOfItsQueue()
    {
        // An invisible (delayed) message still counts: the queue is not empty, so no body filed under it is provably orphaned.
        await _backend.SendMessageAsync(QueueNames.WorkItems, Large(100_000), TimeSpan.FromHours(1), Token);
        var pending = Assert.Single(await ListBlobsAsync());
        var orphan = await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.MessagesPrefix(QueueNames.WorkItems)));

        var result = await SweepLaterAsync(Old);

        Assert.Equal(0, result.BlobsDeleted);
        Assert.Equal(new[] { pending, orphan }.Order(StringComparer.Ordinal), (await ListBlobsAsync()).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_BodyFiledUnderEmptyQueue_DeletedWhileOtherQueueKeepsItsBody()
    {
        var body = Large(100_000);
        await _backend.SendMessageAsync(QueueNames.WorkItems, body, TimeSpan.Zero, Token);
        var pending = Assert.Single(await ListBlobsAsync());
        var orphan = await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.MessagesPrefix(QueueNames.Control(1))));

        var result = await SweepLaterAsync(Old);
        var remaining = await ListBlobsAsync();
        var received = await _backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromMinutes(1), Token);

        Assert.Equal(1, result.BlobsDeleted);
        Assert.Equal(new[] { pending }, remaining);
        Assert.DoesNotContain(orphan, remaining);
        Assert.Equal(body, Assert.Single(received).Body);
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_BodyNotFiledByQueue_DeletedOnlyOnceEveryQueueIsEmpty()
    {
        var legacy = await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.MessagesFolder));
        await _backend.SendMessageAsync(QueueNames.Control(2), "small", TimeSpan.Zero, Token);

        var whileBusy = await SweepLaterAsync(Old);
        var afterBusy = await ListBlobsAsync();
        var message = Assert.Single(await _backend.ReceiveMessagesAsync(QueueNames.Control(2), 32, TimeSpan.FromMinutes(1), Token));
        await _backend.DeleteMessageAsync(message, Token);
        var whenIdle = await SweepLaterAsync(Old);

        Assert.Equal(0, whileBusy.BlobsDeleted);
        Assert.Equal(new[] { legacy }, afterBusy);
        Assert.Equal(1, whenIdle.BlobsDeleted);
        Assert.Empty(await ListBlobsAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_MessageInHostPoisonQueue_KeepsBodiesOfThatQueue()
    {
        // The Functions host moves a message it gave up on to "{queue}-poison" with its text (and blob reference) unchanged.
        var hostPoison = new QueueClient(azurite.ConnectionString, _backend.TaskHub.ToLowerInvariant() + "-workitems-poison",
            new QueueClientOptions(StorageClients.QueueServiceVersion));
        await hostPoison.CreateAsync();
        try
        {
            var body = await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.MessagesPrefix(QueueNames.WorkItems)));
            await hostPoison.SendMessageAsync(QueueMessageCodec.EncodeReference(body));

            var result = await SweepLaterAsync(Old);

            Assert.Equal(0, result.BlobsDeleted);
            Assert.Equal(new[] { body }, await ListBlobsAsync());
        }
        finally
        {
            await hostPoison.DeleteAsync();
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_PoisonRowStoredTwice_DeletesOnlyTheReplacedBody()
    {
        var record = new PoisonMessageRecord("p/1", QueueNames.WorkItems, Large(500_000, 'a'), 6, DateTimeOffset.UtcNow, "i1", "too many deliveries");
        await _backend.StorePoisonMessageAsync(record, Token);
        var replaced = Assert.Single(await ListBlobsAsync());
        await _backend.StorePoisonMessageAsync(record with { Body = Large(500_000, 'b') }, Token);

        var result = await SweepLaterAsync(Old);
        var remaining = await ListBlobsAsync();
        var parked = await _backend.ListPoisonMessagesAsync(Token);

        Assert.Equal(1, result.BlobsDeleted);
        Assert.DoesNotContain(replaced, remaining);
        Assert.Single(remaining);
        Assert.Equal(Large(500_000, 'b'), Assert.Single(parked).Body);
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_NamesTheBackendDoesNotWrite_Kept()
    {
        var foreign = new[]
        {
            await UploadAsync("notes.txt"),
            await UploadAsync("~other/" + Guid.NewGuid().ToString("N")),
            await UploadAsync("instance/not-a-guid"),
            await UploadAsync("~messages/elsewhere/" + Guid.NewGuid().ToString("N")),
            await UploadAsync("bad%escape/" + Guid.NewGuid().ToString("N")),
        };

        var result = await SweepLaterAsync(Old);

        Assert.Equal(0, result.BlobsDeleted);
        Assert.Equal(foreign.Order(StringComparer.Ordinal), (await ListBlobsAsync()).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task SweepOrphanPayloadsAsync_MoreBlobsThanOnePass_ResumesWhereItStopped()
    {
        for (var i = 0; i < 3; i++)
        {
            await UploadAsync(PayloadBlobStore.NewName(PayloadBlobStore.InstancePrefix("gone" + i)));
        }

        var first = await SweepLaterAsync(Old, maxBlobs: 2);
        var second = await SweepLaterAsync(Old, maxBlobs: 2);

        Assert.Equal(new OrphanPayloadSweepResult(2, 2, ReachedEnd: false), first);
        Assert.Equal(new OrphanPayloadSweepResult(1, 1, ReachedEnd: true), second);
        Assert.Empty(await ListBlobsAsync());
    }

    [Fact]
    public async Task SweepOrphanPayloadsAsync_AgeBelowOneHour_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _backend.SweepOrphanPayloadsAsync(TimeSpan.FromMinutes(59), Token));
    }

    /// <summary>One pass with the backend's clock <paramref name="later"/> ahead of the emulator's.</summary>
    private Task<OrphanPayloadSweepResult> SweepLaterAsync(TimeSpan later, int maxBlobs = AzureStorageOrchestrationBackend.MaxBlobsPerSweep)
    {
        _time.SetUtcNow(DateTimeOffset.UtcNow + later);
        return _backend.SweepOrphanPayloadsAsync(Age, maxBlobs, Token);
    }

    private async Task<string> UploadAsync(string name)
    {
        await Payloads.UploadBlobAsync(name, BinaryData.FromString("orphan"));
        return name;
    }

    private async Task<List<string>> ListBlobsAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Payloads.GetBlobsAsync(new GetBlobsOptions()))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<List<string>> ReferencedBlobsAsync(string partitionKey)
    {
        var names = new List<string>();
        await foreach (var row in Instances.QueryAsync<TableEntity>(r => r.PartitionKey == partitionKey))
        {
            names.AddRange(row.Where(p => p.Key.EndsWith("Blob", StringComparison.Ordinal)).Select(p => (string)p.Value));
        }

        return names;
    }
}
