using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.Backend;
using Xunit;
using static EnvOrchestrator.Testing.DurableBackend.BackendTestData;

namespace EnvOrchestrator.Testing.DurableBackend;

/// <summary>
/// The documented semantics of <see cref="IOrchestrationBackend"/>, run against every implementation (in-memory,
/// Azure Storage on Azurite). Each test gets a fresh task hub from <see cref="CreateBackendAsync"/>.
/// </summary>
public abstract class OrchestrationBackendContractTests : IAsyncLifetime
{
    protected const int Timeout = 60_000;

    private IOrchestrationBackend? _backend;

    protected IOrchestrationBackend Backend => _backend ?? throw new InvalidOperationException("Not initialized.");

    protected static CancellationToken Token => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync("hub" + Guid.NewGuid().ToString("N")[..12], Token);
        await _backend.CreateIfNotExistsAsync(Token);
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DeleteTaskHubAsync(Token);
        }
    }

    /// <summary>A backend for a task hub nobody else uses.</summary>
    protected abstract Task<IOrchestrationBackend> CreateBackendAsync(string taskHub, CancellationToken cancellationToken);

    [Fact(Timeout = Timeout)]
    public async Task ReadInstanceAsync_Missing_ReturnsNull()
    {
        var snapshot = await Backend.ReadInstanceAsync("nobody", includeHistory: true, Token);

        Assert.Null(snapshot);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_NewInstance_InsertsStateAndReturnsItsETag()
    {
        var state = State("i1") with { Output = "\"out\"", CustomStatus = "\"cs\"", FailureDetails = "{\"f\":1}", ParentInstanceId = "parent", ScheduledStartAt = Created.AddMinutes(5), IsSuspended = true };

        var result = await Backend.CommitAsync(Insert(state), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: false, Token);

        Assert.True(result.Succeeded);
        Assert.NotNull(snapshot);
        Assert.Equal(state, snapshot.State);
        Assert.Equal(result.ETag, snapshot.ETag);
        Assert.Empty(snapshot.History);
        Assert.Empty(snapshot.PendingOutboxes);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_InsertWhenStateExists_ReturnsConflict()
    {
        await Backend.CommitAsync(Insert(State("i1")), Token);

        var second = await Backend.CommitAsync(Insert(State("i1", "exec2"), Episode("exec2", 1)), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.False(second.Succeeded);
        Assert.Same(CommitResult.Conflict, second);
        Assert.Equal("exec1", snapshot!.State.ExecutionId);
        Assert.Empty(snapshot.History);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_CurrentETag_ReplacesStateAndChangesETag()
    {
        var first = await Backend.CommitAsync(Insert(State("i1")), Token);
        var updated = State("i1", episode: 1, status: OrchestrationRuntimeStatus.Completed) with { Input = null, Output = "42" };

        var second = await Backend.CommitAsync(Update(first.ETag!, updated, Episode("exec1", 1)), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.True(second.Succeeded);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(updated, snapshot!.State);
        Assert.Equal(second.ETag, snapshot.ETag);
        Assert.Equal([Episode("exec1", 1)], snapshot.History);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_StaleETag_ReturnsConflictAndWritesNothing()
    {
        var first = await Backend.CommitAsync(Insert(State("i1")), Token);
        var second = await Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 1), Episode("exec1", 1)), Token);

        var stale = await Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 2) with { Output = "lost" }, Episode("exec1", 2), Outbox("o2", "m")), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.False(stale.Succeeded);
        Assert.Equal(second.ETag, snapshot!.ETag);
        Assert.Equal(1, snapshot.State.Episode);
        Assert.Null(snapshot.State.Output);
        Assert.Equal([Episode("exec1", 1)], snapshot.History);
        Assert.Empty(snapshot.PendingOutboxes);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_ExistingEpisode_ReturnsConflictAndWritesNothing()
    {
        var first = await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1)), Token);

        var duplicate = await Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 1) with { Output = "x" }, Episode("exec1", 1, "[\"other\"]"), Outbox("o1", "m")), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.False(duplicate.Succeeded);
        Assert.Equal(first.ETag, snapshot!.ETag);
        Assert.Null(snapshot.State.Output);
        Assert.Equal([Episode("exec1", 1)], snapshot.History);
        Assert.Empty(snapshot.PendingOutboxes);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_DeletesMissingOutbox_ReturnsConflictAndWritesNothing()
    {
        var first = await Backend.CommitAsync(Insert(State("i1")), Token);

        var result = await Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 1), Episode("exec1", 1), Outbox("o1", "m"), "never-written"), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.False(result.Succeeded);
        Assert.Equal(first.ETag, snapshot!.ETag);
        Assert.Equal(0, snapshot.State.Episode);
        Assert.Empty(snapshot.History);
        Assert.Empty(snapshot.PendingOutboxes);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_MoreThan100Rows_ThrowsAndWritesNothing()
    {
        var first = await Backend.CommitAsync(Insert(State("i1")), Token);
        var deletes = Enumerable.Range(0, 98).Select(i => "o" + i).ToArray();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 1), Episode("exec1", 1), Outbox("new", "m"), deletes), Token));
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.Equal(first.ETag, snapshot!.ETag);
        Assert.Empty(snapshot.History);
        Assert.Empty(snapshot.PendingOutboxes);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_Exactly100Rows_Succeeds()
    {
        var etag = (await Backend.CommitAsync(Insert(State("i1")), Token)).ETag!;
        var keys = Enumerable.Range(0, 97).Select(i => "o" + i).ToArray();
        foreach (var (key, index) in keys.Select((k, i) => (k, i)))
        {
            etag = (await Backend.CommitAsync(Update(etag, State("i1", episode: index + 1), Episode("exec1", index + 1), Outbox(key, "m")), Token)).ETag!;
        }

        var result = await Backend.CommitAsync(Update(etag, State("i1", episode: 98), Episode("exec1", 98), Outbox("last", "m"), keys), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.True(result.Succeeded);
        Assert.Equal("last", Assert.Single(snapshot!.PendingOutboxes).Key);
        Assert.Equal(98, snapshot.History.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_StateOfAnotherInstance_Throws()
    {
        var commit = Insert(State("i1")) with { InstanceId = "i2" };

        await Assert.ThrowsAsync<ArgumentException>(() => Backend.CommitAsync(commit, Token));

        Assert.Null(await Backend.ReadInstanceAsync("i1", includeHistory: true, Token));
        Assert.Null(await Backend.ReadInstanceAsync("i2", includeHistory: true, Token));
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadInstanceAsync_WithoutHistory_OmitsEpisodesAndOutboxes()
    {
        await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1), Outbox("o1", "m")), Token);

        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: false, Token);

        Assert.Empty(snapshot!.History);
        Assert.Empty(snapshot.PendingOutboxes);
        Assert.Equal(1, snapshot.State.Episode);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadInstanceAsync_ManyEpisodes_OrderedNumericallyForCurrentExecutionOnly()
    {
        var etag = (await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1)), Token)).ETag!;
        for (var episode = 2; episode <= 12; episode++)
        {
            etag = (await Backend.CommitAsync(Update(etag, State("i1", episode: episode), Episode("exec1", episode)), Token)).ETag!;
        }

        var before = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);
        etag = (await Backend.CommitAsync(Update(etag, State("i1", "exec2", episode: 1), Episode("exec2", 1)), Token)).ETag!;
        var after = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.Equal(Enumerable.Range(1, 12), before!.History.Select(e => e.Episode));
        Assert.All(before.History, e => Assert.Equal(Episode("exec1", e.Episode), e));
        Assert.Equal([Episode("exec2", 1)], after!.History);
        Assert.Equal(etag, after.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadInstanceAsync_HistoryWrittenThroughAnotherBackend_IsSeen()
    {
        var other = await CreateBackendForSameHubAsync(Token);
        var etag = (await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1)), Token)).ETag!;
        await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        var seenByOther = await other.ReadInstanceAsync("i1", includeHistory: true, Token);
        var otherCommit = await other.CommitAsync(Update(etag, State("i1", episode: 2), Episode("exec1", 2), Outbox("o2", "m")), Token);
        var seenHere = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.Equal([Episode("exec1", 1)], seenByOther!.History);
        Assert.True(otherCommit.Succeeded);
        Assert.Equal(otherCommit.ETag, seenHere!.ETag);
        Assert.Equal([Episode("exec1", 1), Episode("exec1", 2)], seenHere.History);
        Assert.Equal("o2", Assert.Single(seenHere.PendingOutboxes).Key);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteOutboxAsync_PendingOutbox_StaysUntilDeletedAndDeletesIdempotently()
    {
        var outbox = new OutboxRecord("o1", [
            new OutboundMessage(QueueNames.WorkItems, "{\"a\":1}", TimeSpan.Zero),
            new OutboundMessage(QueueNames.Control(1), "timer", TimeSpan.FromHours(30)),
        ]);
        await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1), outbox), Token);

        var pending = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);
        await Backend.DeleteOutboxAsync("i1", "o1", Token);
        await Backend.DeleteOutboxAsync("i1", "o1", Token);
        await Backend.DeleteOutboxAsync("unknown-instance", "o1", Token);
        var after = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        var read = Assert.Single(pending!.PendingOutboxes);
        Assert.Equal("o1", read.Key);
        Assert.Equal(outbox.Messages, read.Messages);
        Assert.Empty(after!.PendingOutboxes);
        Assert.Equal(pending.ETag, after.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_DeletesSentOutboxAndAddsNew_Atomically()
    {
        var first = await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1), Outbox("o1", "a")), Token);

        var second = await Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 2), Episode("exec1", 2), Outbox("o2", "b", "c"), "o1"), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.True(second.Succeeded);
        var outbox = Assert.Single(snapshot!.PendingOutboxes);
        Assert.Equal("o2", outbox.Key);
        Assert.Equal(["b", "c"], outbox.Messages.Select(m => m.Body));
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_NewOutboxWithKeyListedForDeletion_ReplacesIt()
    {
        var first = await Backend.CommitAsync(Insert(State("i1"), outbox: Outbox("o1", "old")), Token);

        var second = await Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 1), Episode("exec1", 1), Outbox("o1", "new"), "o1"), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.True(second.Succeeded);
        Assert.Equal("new", Assert.Single(Assert.Single(snapshot!.PendingOutboxes).Messages).Body);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteHistoryAsync_OldExecution_RemovesOnlyItsEpisodes()
    {
        var etag = (await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1)), Token)).ETag!;
        etag = (await Backend.CommitAsync(Update(etag, State("i1", episode: 2), Episode("exec1", 2)), Token)).ETag!;
        etag = (await Backend.CommitAsync(Update(etag, State("i1", "exec2", episode: 1), Episode("exec2", 1), Outbox("o1", "m")), Token)).ETag!;

        await Backend.DeleteHistoryAsync("i1", "exec1", Token);
        await Backend.DeleteHistoryAsync("i1", "exec1", Token);
        var current = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);
        etag = (await Backend.CommitAsync(Update(etag, State("i1", "exec1", episode: 2)), Token)).ETag!;
        var old = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.Equal([Episode("exec2", 1)], current!.History);
        Assert.Single(current.PendingOutboxes);
        Assert.Empty(old!.History);
        Assert.Equal(etag, old.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task QueryInstancesAsync_Filters_MatchStatusCreatedRangeAndPrefix()
    {
        await Backend.CommitAsync(Insert(State("order-1", status: OrchestrationRuntimeStatus.Running, createdAt: Created)), Token);
        await Backend.CommitAsync(Insert(State("order-2", status: OrchestrationRuntimeStatus.Completed, createdAt: Created.AddHours(1))), Token);
        await Backend.CommitAsync(Insert(State("order-3", status: OrchestrationRuntimeStatus.Failed, createdAt: Created.AddHours(2))), Token);
        await Backend.CommitAsync(Insert(State("other-1", status: OrchestrationRuntimeStatus.Completed, createdAt: Created.AddHours(1))), Token);

        var byStatus = await QueryAllAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed] });
        var byRange = await QueryAllAsync(new OrchestrationQuery { CreatedFrom = Created.AddHours(1), CreatedTo = Created.AddHours(2) });
        var byPrefix = await QueryAllAsync(new OrchestrationQuery { InstanceIdPrefix = "order-" });
        var combined = await QueryAllAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = "order",
            Statuses = [OrchestrationRuntimeStatus.Completed],
            CreatedFrom = Created.AddMinutes(30),
        });
        var none = await QueryAllAsync(new OrchestrationQuery { InstanceIdPrefix = "zzz" });

        Assert.Equal(["order-2", "order-3", "other-1"], byStatus);
        Assert.Equal(["order-2", "order-3", "other-1"], byRange);
        Assert.Equal(["order-1", "order-2", "order-3"], byPrefix);
        Assert.Equal(["order-2"], combined);
        Assert.Empty(none);
    }

    [Fact(Timeout = Timeout)]
    public async Task QueryInstancesAsync_SmallPages_ReturnEveryInstanceOnce()
    {
        var ids = Enumerable.Range(0, 7).Select(i => "page-" + i).ToList();
        foreach (var id in ids)
        {
            await Backend.CommitAsync(Insert(State(id), Episode("exec1", 1)), Token);
        }

        var pages = 0;
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Backend.QueryInstancesAsync(new OrchestrationQuery { PageSize = 3, ContinuationToken = token }, Token);
            Assert.True(page.Instances.Count <= 3);
            seen.AddRange(page.Instances.Select(s => s.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 50);

        Assert.Equal(ids, seen.Order(StringComparer.Ordinal));
        Assert.True(pages >= 3);
    }

    [Fact(Timeout = Timeout)]
    public async Task QueryInstancesAsync_FetchInputsAndOutputs_ControlsPayloads()
    {
        var state = State("i1") with { Output = "\"done\"", CustomStatus = "\"cs\"" };
        await Backend.CommitAsync(Insert(state), Token);

        var with = await Backend.QueryInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }, Token);
        var without = await Backend.QueryInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = false }, Token);

        Assert.Equal(state, Assert.Single(with.Instances));
        var lean = Assert.Single(without.Instances);
        Assert.Null(lean.Input);
        Assert.Null(lean.Output);
        Assert.Equal(state with { Input = null, Output = null }, lean);
    }

    [Fact(Timeout = Timeout)]
    public async Task PurgeInstanceAsync_Existing_RemovesEverythingThenReportsNothing()
    {
        var first = await Backend.CommitAsync(Insert(State("i1", episode: 1), Episode("exec1", 1), Outbox("o1", "m")), Token);
        await Backend.CommitAsync(Update(first.ETag!, State("i1", episode: 2, status: OrchestrationRuntimeStatus.Completed), Episode("exec1", 2)), Token);
        await Backend.CommitAsync(Insert(State("i2")), Token);

        var purged = await Backend.PurgeInstanceAsync("i1", Token);
        var again = await Backend.PurgeInstanceAsync("i1", Token);
        var recreated = await Backend.CommitAsync(Insert(State("i1", "exec9")), Token);
        var snapshot = await Backend.ReadInstanceAsync("i1", includeHistory: true, Token);

        Assert.True(purged);
        Assert.False(again);
        Assert.True(recreated.Succeeded);
        Assert.Empty(snapshot!.History);
        Assert.Empty(snapshot.PendingOutboxes);
        Assert.NotNull(await Backend.ReadInstanceAsync("i2", includeHistory: false, Token));
    }

    [Fact(Timeout = Timeout)]
    public async Task ReceiveMessagesAsync_VisibilityDelay_HidesMessageUntilDue()
    {
        var delay = TimeSpan.FromSeconds(2);
        var sentFrom = DateTimeOffset.UtcNow;
        await Backend.SendMessageAsync(QueueNames.Control(0), "later", delay, Token);
        await Backend.SendMessageAsync(QueueNames.Control(0), "now", TimeSpan.Zero, Token);

        var first = await Backend.ReceiveMessagesAsync(QueueNames.Control(0), 32, TimeSpan.FromMinutes(1), Token);
        var firstBack = DateTimeOffset.UtcNow;
        var later = first.SingleOrDefault(m => m.Body == "later") ?? await ReceiveEventuallyAsync(QueueNames.Control(0), TimeSpan.FromSeconds(30));

        // Only a receive that came back before the delay ran out proves the message hidden; a loaded box may be slower.
        Assert.True(firstBack - sentFrom >= delay || first.All(m => m.Body != "later"), "the delayed message was delivered before it was due");
        Assert.Contains("now", first.Select(m => m.Body));
        Assert.Equal("later", later.Body);
        Assert.Equal(1, later.DequeueCount);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReceiveMessagesAsync_Received_HiddenForTimeoutThenRedeliveredWithHigherDequeueCount()
    {
        var lease = TimeSpan.FromSeconds(1);
        await Backend.SendMessageAsync(QueueNames.WorkItems, "work", TimeSpan.Zero, Token);

        var receivedFrom = DateTimeOffset.UtcNow;
        var first = Assert.Single(await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 1, lease, Token));
        var whileHidden = await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 1, lease, Token);
        var hiddenBack = DateTimeOffset.UtcNow;
        var second = whileHidden.SingleOrDefault() ?? await ReceiveEventuallyAsync(QueueNames.WorkItems, TimeSpan.FromSeconds(30));

        // Only a receive that came back before the lease ran out proves the message hidden; a loaded box may be slower.
        Assert.True(hiddenBack - receivedFrom >= lease || whileHidden.Count == 0, "the message was delivered again while its lease held");
        Assert.Equal(1, first.DequeueCount);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
        Assert.Equal(QueueNames.WorkItems, second.Queue);
        Assert.NotNull(second.InsertedOn);
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdateVisibilityAsync_Extend_KeepsHiddenAndNewReceiptDeletes()
    {
        await Backend.SendMessageAsync(QueueNames.WorkItems, "work", TimeSpan.Zero, Token);
        var received = Assert.Single(await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 1, TimeSpan.FromSeconds(1), Token));

        var renewed = await Backend.UpdateVisibilityAsync(received, TimeSpan.FromMinutes(1), Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var whileLeased = await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 1, TimeSpan.FromSeconds(1), Token);
        await Backend.DeleteMessageAsync(renewed, Token);
        await Backend.DeleteMessageAsync(renewed, Token);

        Assert.Empty(whileLeased);
        Assert.Equal("work", renewed.Body);
        Assert.NotEqual(received.PopReceipt, renewed.PopReceipt);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Backend.UpdateVisibilityAsync(renewed, TimeSpan.FromSeconds(5), Token));
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdateVisibilityAsync_Zero_ReleasesMessageAtOnce()
    {
        await Backend.SendMessageAsync(QueueNames.Control(1), "retry-me", TimeSpan.Zero, Token);
        var received = Assert.Single(await Backend.ReceiveMessagesAsync(QueueNames.Control(1), 1, TimeSpan.FromMinutes(5), Token));

        await Backend.UpdateVisibilityAsync(received, TimeSpan.Zero, Token);
        var again = await ReceiveEventuallyAsync(QueueNames.Control(1), TimeSpan.FromSeconds(20));

        Assert.Equal("retry-me", again.Body);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReceiveMessagesAsync_ManyMessages_ReturnsAtMostMaxAndAllEventually()
    {
        var bodies = Enumerable.Range(0, 40).Select(i => "m" + i).ToList();
        await Task.WhenAll(bodies.Select(b => Backend.SendMessageAsync(QueueNames.WorkItems, b, TimeSpan.Zero, Token)));

        var first = await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromMinutes(1), Token);
        var received = first.ToList();
        for (var attempt = 0; attempt < 20 && received.Count < bodies.Count; attempt++)
        {
            received.AddRange(await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromMinutes(1), Token));
        }

        await Task.WhenAll(received.Select(m => Backend.DeleteMessageAsync(m, Token)));
        var empty = await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromSeconds(1), Token);

        Assert.InRange(first.Count, 1, 32);
        Assert.Equal(bodies.Order(), received.Select(m => m.Body).Order());
        Assert.Empty(empty);
    }

    [Fact(Timeout = Timeout)]
    public async Task SendMessageAsync_VisibilityOverSevenDays_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Backend.SendMessageAsync(QueueNames.WorkItems, "x", TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1), Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 33, TimeSpan.FromSeconds(1), Token));
    }

    [Fact(Timeout = Timeout)]
    public async Task SendMessageAsync_SevenDays_IsAccepted()
    {
        await Backend.SendMessageAsync(QueueNames.Control(0), "week", TimeSpan.FromDays(7), Token);

        var now = await Backend.ReceiveMessagesAsync(QueueNames.Control(0), 1, TimeSpan.FromSeconds(1), Token);

        Assert.Empty(now);
    }

    [Fact(Timeout = Timeout)]
    public async Task SendMessageAsync_AwkwardBodies_RoundTripExactly()
    {
        string[] bodies =
        [
            string.Empty,
            "  leading and trailing spaces  ",
            "<xml attr=\"1\">&amp; ]]> \r\n\t</xml>",
            "control \u0001\u0002\u001f and \uFFFE",
            "ünïcødé 日本語 😀",
            Large(70_000),
            Large(300_000, 'q'),
        ];

        foreach (var body in bodies)
        {
            await Backend.SendMessageAsync(QueueNames.WorkItems, body, TimeSpan.Zero, Token);
        }

        var received = new List<ReceivedMessage>();
        for (var attempt = 0; attempt < 20 && received.Count < bodies.Length; attempt++)
        {
            received.AddRange(await Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromMinutes(1), Token));
        }

        await Task.WhenAll(received.Select(m => Backend.DeleteMessageAsync(m, Token)));
        Assert.Equal(bodies.Order(StringComparer.Ordinal), received.Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task PoisonMessages_StoreListDelete_RoundTrip()
    {
        var parked = new PoisonMessageRecord("p/1#?", QueueNames.Control(2), "{\"body\":true}", 11, Created, "i1", "PoisonMessage");
        var large = new PoisonMessageRecord("p2", QueueNames.WorkItems, Large(200_000), 6, Created.AddMinutes(1), null, "Too many deliveries");

        await Backend.StorePoisonMessageAsync(parked, Token);
        await Backend.StorePoisonMessageAsync(large, Token);
        var listed = await Backend.ListPoisonMessagesAsync(Token);
        var deleted = await Backend.DeletePoisonMessageAsync("p/1#?", Token);
        var deletedAgain = await Backend.DeletePoisonMessageAsync("p/1#?", Token);
        var remaining = await Backend.ListPoisonMessagesAsync(Token);

        Assert.Equal([parked, large], listed);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Equal([large], remaining);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("slash/inside")]
    [InlineData("back\\slash")]
    [InlineData("hash#and?query")]
    [InlineData("percent%2Fencoded")]
    [InlineData("pipe|bar")]
    [InlineData("dots..and~tilde")]
    [InlineData("..")]
    [InlineData("ünïcødé-日本語-😀")]
    [InlineData("control\u0001\u001f\u007f\u0085")]
    [InlineData("quote'and\"double")]
    public async Task CommitAsync_SpecialCharactersInKeys_RoundTrip(string instanceId)
    {
        var executionId = "exec/" + instanceId;
        var outboxKey = "out#" + instanceId;
        var first = await Backend.CommitAsync(Insert(State(instanceId, executionId, episode: 1), Episode(executionId, 1), Outbox(outboxKey, "m")), Token);
        var second = await Backend.CommitAsync(Update(first.ETag!, State(instanceId, executionId, episode: 2), Episode(executionId, 2), Outbox(outboxKey + "2", "n"), outboxKey), Token);

        var snapshot = await Backend.ReadInstanceAsync(instanceId, includeHistory: true, Token);
        var byPrefix = await QueryAllAsync(new OrchestrationQuery { InstanceIdPrefix = instanceId });
        var purged = await Backend.PurgeInstanceAsync(instanceId, Token);

        Assert.True(second.Succeeded);
        Assert.Equal(instanceId, snapshot!.State.InstanceId);
        Assert.Equal([Episode(executionId, 1), Episode(executionId, 2)], snapshot.History);
        Assert.Equal(outboxKey + "2", Assert.Single(snapshot.PendingOutboxes).Key);
        Assert.Equal([instanceId], byPrefix);
        Assert.True(purged);
        Assert.Null(await Backend.ReadInstanceAsync(instanceId, includeHistory: true, Token));
    }

    [Fact(Timeout = Timeout)]
    public async Task CommitAsync_LargeValues_RoundTrip()
    {
        var input = Large(1_000_000);
        var state = State("big", episode: 1) with { Input = input, Output = Large(120_000, 'o'), CustomStatus = Large(40_000, 'c'), FailureDetails = Large(5_000, 'f') };
        var episode = Episode("exec1", 1, Large(500_000, 'e'));
        var outbox = new OutboxRecord("o1", [new OutboundMessage(QueueNames.WorkItems, Large(300_000, 'm'), TimeSpan.Zero)]);

        var first = await Backend.CommitAsync(Insert(state, episode, outbox), Token);
        var read = await Backend.ReadInstanceAsync("big", includeHistory: true, Token);
        var next = state with { Episode = 2, Output = "small" };
        var second = await Backend.CommitAsync(Update(first.ETag!, next, Episode("exec1", 2, Large(31_000, 'x')), outboxesToDelete: "o1"), Token);
        var reread = await Backend.ReadInstanceAsync("big", includeHistory: true, Token);
        var lean = await Backend.ReadInstanceAsync("big", includeHistory: false, Token);

        Assert.True(first.Succeeded);
        Assert.Equal(state, read!.State);
        Assert.Equal([episode], read.History);
        Assert.Equal(outbox.Messages, Assert.Single(read.PendingOutboxes).Messages);
        Assert.True(second.Succeeded);
        Assert.Equal(next, reread!.State);
        Assert.Equal(next, lean!.State);
        Assert.Equal([episode, Episode("exec1", 2, Large(31_000, 'x'))], reread.History);
        Assert.Empty(reread.PendingOutboxes);
    }

    /// <summary>A second backend object on the same task hub (another worker process, as far as storage can tell).</summary>
    protected abstract Task<IOrchestrationBackend> CreateBackendForSameHubAsync(CancellationToken cancellationToken);

    protected async Task<List<string>> QueryAllAsync(OrchestrationQuery query)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await Backend.QueryInstancesAsync(query with { ContinuationToken = token }, Token);
            ids.AddRange(page.Instances.Select(s => s.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    protected async Task<ReceivedMessage> ReceiveEventuallyAsync(string queue, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var received = await Backend.ReceiveMessagesAsync(queue, 1, TimeSpan.FromMinutes(1), Token);
            if (received.Count > 0)
            {
                return received[0];
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No message arrived in {queue} within {within}.");
    }
}
