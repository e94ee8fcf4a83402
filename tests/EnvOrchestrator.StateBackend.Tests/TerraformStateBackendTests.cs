using System.Text;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.StateBackend.Tests;

/// <summary>The orchestrator-facing operations (the lifecycle's port and more): outputs, locks, state, delete, credentials.</summary>
public sealed class TerraformStateBackendTests
{
    private static readonly TerraformStateAddress Address = TerraformStateAddress.Create("env-3", "storage");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero));

    [Fact(Timeout = 30_000)]
    public async Task GetOutputsAsync_StateWithOutputs_ReturnsTypedValuesAndFlags()
    {
        var backend = Create();
        await backend.RegisterAsync(Address, CancellationToken.None);
        const string State = """
            {"version":4,"serial":3,"outputs":{
              "name":{"value":"web-01","type":"string"},
              "ports":{"value":[80,443],"type":["list","number"]},
              "password":{"value":"s3cr3t-value","type":"string","sensitive":true}},"resources":[]}
            """;
        await backend.Store.WriteStateAsync(Address, null, Encoding.UTF8.GetBytes(State), CancellationToken.None);

        var outputs = await backend.GetOutputsAsync(Address, CancellationToken.None);

        Assert.NotNull(outputs);
        Assert.Equal("web-01", outputs["name"].Value.GetString());
        Assert.Equal(443, outputs["ports"].Value[1].GetInt32());
        Assert.True(outputs["password"].IsSensitive);
        Assert.DoesNotContain("s3cr3t-value", outputs["password"].ToString(), StringComparison.Ordinal);
        Assert.False(outputs["name"].IsSensitive);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetOutputsAsync_NoState_ReturnsNull()
    {
        var backend = Create();
        await backend.RegisterAsync(Address, CancellationToken.None);

        var outputs = await backend.GetOutputsAsync(Address, CancellationToken.None);

        Assert.Null(outputs);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReleaseStaleLocksAsync_OldAndFreshLocks_ReleasesOnlyTheOldOne()
    {
        var backend = Create();
        var fresh = TerraformStateAddress.Create("env-3", "fresh");
        await backend.RegisterAsync(Address, CancellationToken.None);
        await backend.RegisterAsync(fresh, CancellationToken.None);
        await backend.Store.TryLockAsync(Address, new TerraformStateLock("old", "{}", _time.GetUtcNow()), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(3));
        await backend.Store.TryLockAsync(fresh, new TerraformStateLock("new", "{}", _time.GetUtcNow()), CancellationToken.None);

        var released = await backend.ReleaseStaleLocksAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal("old", Assert.Single(released).Lock.Id);
        Assert.Null(await backend.Store.GetLockAsync(Address, CancellationToken.None));
        Assert.NotNull(await backend.Store.GetLockAsync(fresh, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReleaseLockAsync_AfterHardKill_ReturnsReleasedHolder()
    {
        var backend = Create();
        await backend.RegisterAsync(Address, CancellationToken.None);
        await backend.Store.TryLockAsync(Address, new TerraformStateLock("killed-run", "{}", _time.GetUtcNow()), CancellationToken.None);

        var released = await backend.ReleaseLockAsync(Address, "runner killed terraform", CancellationToken.None);
        var none = await backend.ReleaseLockAsync(Address, "again", CancellationToken.None);

        Assert.Equal("killed-run", released?.Id);
        Assert.Null(none);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetLockAsync_ServedByThisProcess_NotOrphaned()
    {
        var backend = Create();
        await backend.RegisterAsync(Address, CancellationToken.None);
        await backend.Store.TryLockAsync(Address, new TerraformStateLock("live-run", "{}", _time.GetUtcNow()) { Server = StateServer.Current }, CancellationToken.None);

        var held = await backend.GetLockAsync(Address, CancellationToken.None);

        Assert.Equal(new TerraformStateLockInfo("live-run", _time.GetUtcNow(), IsOrphaned: false), held);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetLockAsync_ServedByAProcessGoneFromThisMachine_Orphaned()
    {
        var backend = Create();
        await backend.RegisterAsync(Address, CancellationToken.None);

        // This process's pid with another start time: a process that held the pid before and is gone.
        var gone = $"{Environment.MachineName}/{Environment.ProcessId}/1";
        await backend.Store.TryLockAsync(Address, new TerraformStateLock("dead-run", "{}", _time.GetUtcNow()) { Server = gone }, CancellationToken.None);

        var held = await backend.GetLockAsync(Address, CancellationToken.None);
        var released = await backend.ReleaseLockAsync(Address, "dead-run", "its service is gone", CancellationToken.None);

        Assert.True(held?.IsOrphaned);
        Assert.Equal("dead-run", released?.Id);
        Assert.Null(await backend.GetLockAsync(Address, CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadStateAsync_Written_ReturnsCurrentContent()
    {
        var backend = Create();
        await backend.RegisterAsync(Address, CancellationToken.None);
        await backend.Store.WriteStateAsync(Address, null, Encoding.UTF8.GetBytes("{\"version\":4}"), CancellationToken.None);

        var state = await backend.ReadStateAsync(Address, CancellationToken.None);

        Assert.Equal("{\"version\":4}", Encoding.UTF8.GetString(Assert.NotNull(state).Span));
    }

    [Fact(Timeout = 30_000)]
    public async Task DeleteAsync_AfterDestroy_AddressUnknownAgain()
    {
        var backend = Create();
        await backend.RegisterAsync(Address, CancellationToken.None);
        await backend.Store.WriteStateAsync(Address, null, Encoding.UTF8.GetBytes("{}"), CancellationToken.None);

        var deleted = await backend.DeleteAsync(Address, CancellationToken.None);

        Assert.True(deleted);
        Assert.False(await backend.Store.IsRegisteredAsync(Address, CancellationToken.None));
    }

    [Fact]
    public async Task IssueCredentials_ValidatedPerAddressUntilExpiry()
    {
        var backend = Create();
        var credentials = backend.IssueCredentials(Address, TimeSpan.FromMinutes(30));

        var valid = await backend.IsAuthorizedAsync(Address, credentials.Password);
        var otherAddress = await backend.IsAuthorizedAsync(TerraformStateAddress.Create("env-3", "other"), credentials.Password);
        _time.Advance(TimeSpan.FromMinutes(31));
        var expired = await backend.IsAuthorizedAsync(Address, credentials.Password);

        Assert.True(valid);
        Assert.False(otherAddress);
        Assert.False(expired);
        Assert.DoesNotContain(credentials.Password, credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryCreate_UnsafeNames_Rejected()
    {
        Assert.False(TerraformStateAddress.TryCreate("../etc", "x", out _));
        Assert.False(TerraformStateAddress.TryCreate("env", "Upper", out _));
        Assert.False(TerraformStateAddress.TryCreate("env", "", out _));
        Assert.False(TerraformStateAddress.TryCreate("env", "a/b", out _));
        Assert.True(TerraformStateAddress.TryCreate("env-1", "net_work.v2", out var address));
        Assert.Equal("env-1/net_work.v2", address.ToString());
    }

    private TerraformStateBackend Create() => new(
        new InMemoryTerraformStateStore(_time, 5),
        Options.Create(new TerraformStateBackendOptions { SigningKey = new string('k', 40) }),
        _time,
        NullLogger<TerraformStateBackend>.Instance);
}
