using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IIdempotencyStore"/> must do; derived once per implementation.</summary>
public abstract class IdempotencyStoreContract : StoreContract
{
    private static readonly IdempotencyKey Key = new("team-a:create-environment", "key-1");
    private static readonly IdempotentResponse Response = new(201, "/projects/team-a/environments/dev-1", "{\"name\":\"dev-1\"}");

    private IIdempotencyStore Store => Stores.Idempotency;

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_NewKey_Reserves()
    {
        var reservation = await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);

        Assert.Equal(IdempotencyOutcome.Reserved, reservation.Outcome);
        Assert.Null(reservation.Response);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_SameRequestWhileInProgress_ReturnsInProgress()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));

        var again = await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);

        Assert.Equal(IdempotencyOutcome.InProgress, again.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_SameRequestAfterComplete_ReturnsStoredResponse()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        var completed = await Store.CompleteAsync(Key, "hash-1", Response, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(23));

        var again = await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);

        Assert.True(completed);
        Assert.Equal(IdempotencyOutcome.Completed, again.Outcome);
        Assert.Equal(Response, again.Response);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_DifferentRequestSameKey_ReturnsMismatch()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        await Store.CompleteAsync(Key, "hash-1", Response, CancellationToken.None);

        var other = await Store.ReserveAsync(Key, "hash-2", CancellationToken.None);
        var otherWhileInProgress = await Store.ReserveAsync(new IdempotencyKey(Key.Scope, "key-2"), "hash-1", CancellationToken.None);
        var mismatchInProgress = await Store.ReserveAsync(new IdempotencyKey(Key.Scope, "key-2"), "hash-3", CancellationToken.None);

        Assert.Equal(IdempotencyOutcome.Mismatch, other.Outcome);
        Assert.Null(other.Response);
        Assert.Equal(IdempotencyOutcome.Reserved, otherWhileInProgress.Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, mismatchInProgress.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_SameKeyInAnotherScope_IsIndependent()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);

        var other = await Store.ReserveAsync(new IdempotencyKey("team-b:create-environment", Key.Key), "hash-2", CancellationToken.None);

        Assert.Equal(IdempotencyOutcome.Reserved, other.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_AfterRetention_ReservesAgainForAnyRequest()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        await Store.CompleteAsync(Key, "hash-1", Response, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(24));

        var reused = await Store.ReserveAsync(Key, "hash-2", CancellationToken.None);

        Assert.Equal(IdempotencyOutcome.Reserved, reused.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_AbandonedReservationAfterLease_IsTakenOver()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(6));

        var takenOver = await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        var blocked = await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);

        Assert.Equal(IdempotencyOutcome.Reserved, takenOver.Outcome);
        Assert.Equal(IdempotencyOutcome.InProgress, blocked.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReleaseAsync_Reserved_LetsTheRequestReserveAgain()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);

        await Store.ReleaseAsync(Key, "hash-1", CancellationToken.None);
        var again = await Store.ReserveAsync(Key, "hash-2", CancellationToken.None);

        Assert.Equal(IdempotencyOutcome.Reserved, again.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task CompleteAsync_NotReservedOrOtherRequest_ReturnsFalse()
    {
        var notReserved = await Store.CompleteAsync(Key, "hash-1", Response, CancellationToken.None);
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        var otherRequest = await Store.CompleteAsync(Key, "hash-2", Response, CancellationToken.None);
        var mine = await Store.CompleteAsync(Key, "hash-1", Response, CancellationToken.None);
        var twice = await Store.CompleteAsync(Key, "hash-1", Response with { StatusCode = 500 }, CancellationToken.None);
        var stored = await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);

        Assert.False(notReserved);
        Assert.False(otherRequest);
        Assert.True(mine);
        Assert.False(twice);
        Assert.Equal(201, stored.Response!.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task CompleteAsync_LargeBodyAndOddKey_RoundTripsExactly()
    {
        var key = new IdempotencyKey("team-a:create", "a/b\\c#d?e%f|g..h ü");
        var body = string.Concat(Enumerable.Repeat("{\"x\":\"ü\"}", 8_000));
        await Store.ReserveAsync(key, "hash-1", CancellationToken.None);

        await Store.CompleteAsync(key, "hash-1", Response with { Body = body }, CancellationToken.None);
        var stored = await Store.ReserveAsync(key, "hash-1", CancellationToken.None);

        Assert.Equal(body, stored.Response!.Body);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReserveAsync_ConcurrentSameRequest_ExactlyOneReserves()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Store.ReserveAsync(Key, "hash-1", CancellationToken.None))));

        Assert.Single(results, r => r.Outcome == IdempotencyOutcome.Reserved);
        Assert.All(results.Where(r => r.Outcome != IdempotencyOutcome.Reserved), r => Assert.Equal(IdempotencyOutcome.InProgress, r.Outcome));
    }

    [Fact(Timeout = Timeout)]
    public async Task PurgeExpiredAsync_MixedAges_RemovesOnlyExpired()
    {
        await Store.ReserveAsync(Key, "hash-1", CancellationToken.None);
        await Store.CompleteAsync(Key, "hash-1", Response, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(20));
        var fresh = new IdempotencyKey(Key.Scope, "fresh");
        await Store.ReserveAsync(fresh, "hash-1", CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(5));

        var purged = await Store.PurgeExpiredAsync(CancellationToken.None);
        var freshAgain = await Store.ReserveAsync(fresh, "hash-2", CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(IdempotencyOutcome.Mismatch, freshAgain.Outcome);
    }
}
