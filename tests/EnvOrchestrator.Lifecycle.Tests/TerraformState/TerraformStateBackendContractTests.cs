using System.Text;
using EnvOrchestrator.Core.TerraformState;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Lifecycle.Tests.TerraformState;

/// <summary>
/// What the lifecycle relies on from every <see cref="ITerraformStateBackend"/>; derived for the in-memory fake the
/// use-case tests compose and for the adapter the hosts compose, so the fake cannot drift from the real thing.
/// </summary>
public abstract class TerraformStateBackendContractTests
{
    protected static readonly TerraformStateAddress Address = TerraformStateAddress.Create("team-a", "web.box");

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    protected abstract ITerraformStateBackend Backend { get; }

    /// <summary>Takes the lock as Terraform would, through the backend's own way in.</summary>
    protected abstract Task LockAsync(TerraformStateAddress address, string lockId);

    /// <summary>Writes the current state as Terraform would (unlocked).</summary>
    protected abstract Task WriteStateAsync(TerraformStateAddress address, string json);

    [Fact(Timeout = 30_000)]
    public async Task ReadStateAsync_UnknownOrNotWritten_ReturnsNull()
    {
        var unknown = await Backend.ReadStateAsync(Address, CancellationToken.None);
        await Backend.RegisterAsync(Address, CancellationToken.None);

        var notWritten = await Backend.ReadStateAsync(Address, CancellationToken.None);

        Assert.Null(unknown);
        Assert.Null(notWritten);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadStateAsync_Written_ReturnsTheDocument()
    {
        await Backend.RegisterAsync(Address, CancellationToken.None);
        await WriteStateAsync(Address, """{"resources":[]}""");

        var state = await Backend.ReadStateAsync(Address, CancellationToken.None);

        Assert.Equal("""{"resources":[]}""", Encoding.UTF8.GetString(Assert.NotNull(state).Span));
    }

    [Fact(Timeout = 30_000)]
    public async Task RegisterAsync_Again_KeepsTheState()
    {
        await Backend.RegisterAsync(Address, CancellationToken.None);
        await WriteStateAsync(Address, "{}");

        await Backend.RegisterAsync(Address, CancellationToken.None);

        Assert.NotNull(await Backend.ReadStateAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task GetLockAsync_Held_ReturnsItsIdNotOrphaned()
    {
        await Backend.RegisterAsync(Address, CancellationToken.None);
        var before = await Backend.GetLockAsync(Address, CancellationToken.None);
        await LockAsync(Address, "run-1");

        var held = await Backend.GetLockAsync(Address, CancellationToken.None);

        Assert.Null(before);
        Assert.Equal("run-1", held?.Id);
        Assert.False(held!.IsOrphaned);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReleaseLockAsync_AnyLock_ReleasesAndReturnsIt()
    {
        await Backend.RegisterAsync(Address, CancellationToken.None);
        await LockAsync(Address, "run-1");

        var released = await Backend.ReleaseLockAsync(Address, lockId: null, "terraform was killed", CancellationToken.None);
        var again = await Backend.ReleaseLockAsync(Address, lockId: null, "again", CancellationToken.None);

        Assert.Equal("run-1", released?.Id);
        Assert.Null(again);
        Assert.Null(await Backend.GetLockAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReleaseLockAsync_AnotherLockId_KeepsTheLock()
    {
        await Backend.RegisterAsync(Address, CancellationToken.None);
        await LockAsync(Address, "run-2");

        var released = await Backend.ReleaseLockAsync(Address, "run-1", "an earlier attempt was interrupted", CancellationToken.None);

        Assert.Null(released);
        Assert.Equal("run-2", (await Backend.GetLockAsync(Address, CancellationToken.None))?.Id);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeleteAsync_Registered_TrueThenFalseAndNothingLeft()
    {
        await Backend.RegisterAsync(Address, CancellationToken.None);
        await WriteStateAsync(Address, "{}");
        await LockAsync(Address, "run-1");

        var first = await Backend.DeleteAsync(Address, CancellationToken.None);
        var second = await Backend.DeleteAsync(Address, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await Backend.ReadStateAsync(Address, CancellationToken.None));
        Assert.Null(await Backend.GetLockAsync(Address, CancellationToken.None));
    }

    [Fact]
    public void IssueCredentials_ExpireAfterTheLifetime()
    {
        var credentials = Backend.IssueCredentials(Address, TimeSpan.FromMinutes(30));

        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromMinutes(30), credentials.ExpiresAt);
        Assert.False(string.IsNullOrEmpty(credentials.Password));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backend.IssueCredentials(Address, TimeSpan.Zero));
    }
}
