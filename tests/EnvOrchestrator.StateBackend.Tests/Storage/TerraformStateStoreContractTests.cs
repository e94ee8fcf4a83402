using System.Text;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.StateBackend.Tests.Storage;

/// <summary>The behaviour every <see cref="ITerraformStateStore"/> must have; derived once per implementation.</summary>
public abstract class TerraformStateStoreContractTests
{
    private static readonly TerraformStateAddress Address = TerraformStateAddress.Create("env-1", "network");

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero));

    protected abstract Task<ITerraformStateStore> CreateStoreAsync(int keepPreviousVersions);

    [Fact(Timeout = 30_000)]
    public async Task RegisterAsync_TwiceForOneAddress_TrueThenFalse()
    {
        var store = await CreateStoreAsync(5);

        var first = await store.RegisterAsync(Address, CancellationToken.None);
        var second = await store.RegisterAsync(Address, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.True(await store.IsRegisteredAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task GetStateAsync_RegisteredWithoutState_ReturnsNull()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);

        var state = await store.GetStateAsync(Address, CancellationToken.None);

        Assert.Null(state);
    }

    [Fact(Timeout = 30_000)]
    public async Task Operations_UnknownAddress_ReportUnknown()
    {
        var store = await CreateStoreAsync(5);

        var locked = await store.TryLockAsync(Address, Lock("a"), CancellationToken.None);
        var unlocked = await store.UnlockAsync(Address, "a", CancellationToken.None);
        var written = await store.WriteStateAsync(Address, null, Json("{}"), CancellationToken.None);

        Assert.Equal(LockOutcome.UnknownAddress, locked.Outcome);
        Assert.Equal(UnlockOutcome.UnknownAddress, unlocked.Outcome);
        Assert.Equal(StateWriteOutcome.UnknownAddress, written.Outcome);
        Assert.False(await store.IsRegisteredAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task TryLockAsync_HeldByOther_ReturnsHolderInfo()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);
        await store.TryLockAsync(Address, Lock("first"), CancellationToken.None);

        var second = await store.TryLockAsync(Address, Lock("second"), CancellationToken.None);
        var again = await store.TryLockAsync(Address, Lock("first"), CancellationToken.None);

        Assert.Equal(LockOutcome.Held, second.Outcome);
        Assert.Equal("first", second.Holder?.Id);
        Assert.Contains("\"first\"", second.Holder!.InfoJson, StringComparison.Ordinal);
        Assert.Equal(LockOutcome.Acquired, again.Outcome);
    }

    [Fact(Timeout = 30_000)]
    public async Task UnlockAsync_WrongIdThenHolderId_RejectsThenReleases()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);
        await store.TryLockAsync(Address, Lock("holder"), CancellationToken.None);

        var wrong = await store.UnlockAsync(Address, "someone-else", CancellationToken.None);
        var right = await store.UnlockAsync(Address, "holder", CancellationToken.None);
        var again = await store.UnlockAsync(Address, "holder", CancellationToken.None);

        Assert.Equal(UnlockOutcome.HeldByOther, wrong.Outcome);
        Assert.Equal(UnlockOutcome.Released, right.Outcome);
        Assert.Equal(UnlockOutcome.NotLocked, again.Outcome);
        Assert.Null(await store.GetLockAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task UnlockAsync_NullId_ReleasesAnyHolder()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);
        await store.TryLockAsync(Address, Lock("crashed-run"), CancellationToken.None);

        var forced = await store.UnlockAsync(Address, null, CancellationToken.None);
        var next = await store.TryLockAsync(Address, Lock("next-run"), CancellationToken.None);

        Assert.Equal(UnlockOutcome.Released, forced.Outcome);
        Assert.Equal("crashed-run", forced.Holder?.Id);
        Assert.Equal(LockOutcome.Acquired, next.Outcome);
    }

    [Fact(Timeout = 30_000)]
    public async Task WriteStateAsync_IdNotHolder_RejectedAndStateUnchanged()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);
        await store.TryLockAsync(Address, Lock("holder"), CancellationToken.None);
        await store.WriteStateAsync(Address, "holder", Json("{\"serial\":1}"), CancellationToken.None);

        var wrongId = await store.WriteStateAsync(Address, "intruder", Json("{\"serial\":2}"), CancellationToken.None);
        var noId = await store.WriteStateAsync(Address, null, Json("{\"serial\":3}"), CancellationToken.None);

        Assert.Equal(StateWriteOutcome.LockMismatch, wrongId.Outcome);
        Assert.Equal("holder", wrongId.Holder?.Id);
        Assert.Equal(StateWriteOutcome.LockMismatch, noId.Outcome);
        var state = await store.GetStateAsync(Address, CancellationToken.None);
        Assert.Equal("{\"serial\":1}", Encoding.UTF8.GetString(state!.Content.Span));
    }

    [Fact(Timeout = 30_000)]
    public async Task WriteStateAsync_IdGivenButNoLockHeld_Rejected()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);

        var attempt = await store.WriteStateAsync(Address, "lost-lock", Json("{}"), CancellationToken.None);
        var unlockedWrite = await store.WriteStateAsync(Address, null, Json("{}"), CancellationToken.None);

        Assert.Equal(StateWriteOutcome.LockMismatch, attempt.Outcome);
        Assert.Equal(StateWriteOutcome.Written, unlockedWrite.Outcome);
    }

    [Fact(Timeout = 30_000)]
    public async Task WriteStateAsync_MoreWritesThanKept_KeepsNewestVersionsReadable()
    {
        var store = await CreateStoreAsync(keepPreviousVersions: 2);
        await store.RegisterAsync(Address, CancellationToken.None);
        await store.TryLockAsync(Address, Lock("holder"), CancellationToken.None);

        for (var serial = 1; serial <= 5; serial++)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            var written = await store.WriteStateAsync(Address, "holder", Json($"{{\"serial\":{serial}}}"), CancellationToken.None);
            Assert.Equal(serial, written.Version);
        }

        var versions = await store.ListVersionsAsync(Address, CancellationToken.None);
        Assert.Equal([5L, 4L, 3L], versions.Select(v => v.Version));
        Assert.True(versions[0].WrittenAt > versions[1].WrittenAt);
        var previous = await store.GetVersionAsync(Address, 4, CancellationToken.None);
        Assert.Equal("{\"serial\":4}", Encoding.UTF8.GetString(previous!.Content.Span));
        Assert.Null(await store.GetVersionAsync(Address, 1, CancellationToken.None));
        var current = await store.GetStateAsync(Address, CancellationToken.None);
        Assert.Equal(5, current!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ListLocksAsync_OneOfTwoLocked_ReturnsTheHeldLockWithItsAge()
    {
        var store = await CreateStoreAsync(5);
        var other = TerraformStateAddress.Create("env-1", "database");
        await store.RegisterAsync(Address, CancellationToken.None);
        await store.RegisterAsync(other, CancellationToken.None);
        await store.TryLockAsync(Address, Lock("holder"), CancellationToken.None);

        var locks = await store.ListLocksAsync(CancellationToken.None);

        var held = Assert.Single(locks);
        Assert.Equal(Address, held.Address);
        Assert.Equal(Time.GetUtcNow(), held.Lock.AcquiredAt);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeleteAsync_StateWithVersionsAndLock_RemovesEverything()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);
        await store.WriteStateAsync(Address, null, Json("{}"), CancellationToken.None);
        await store.TryLockAsync(Address, Lock("holder"), CancellationToken.None);

        var deleted = await store.DeleteAsync(Address, CancellationToken.None);
        var again = await store.DeleteAsync(Address, CancellationToken.None);

        Assert.True(deleted);
        Assert.False(again);
        Assert.False(await store.IsRegisteredAsync(Address, CancellationToken.None));
        Assert.Null(await store.GetStateAsync(Address, CancellationToken.None));
        Assert.Empty(await store.ListVersionsAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task TryLockAsync_ManyConcurrentLockers_ExactlyOneAcquires()
    {
        var store = await CreateStoreAsync(5);
        await store.RegisterAsync(Address, CancellationToken.None);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryLockAsync(Address, Lock("run-" + i), CancellationToken.None)));

        var winner = Assert.Single(attempts, a => a.Outcome == LockOutcome.Acquired);
        Assert.All(attempts.Where(a => a != winner), a => Assert.Equal(winner.Holder!.Id, a.Holder?.Id));
    }

    protected TerraformStateLock Lock(string id) =>
        new(id, $"{{\"ID\":\"{id}\",\"Operation\":\"OperationTypeApply\",\"Who\":\"runner@test\"}}", Time.GetUtcNow());

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);
}
