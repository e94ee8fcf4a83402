using System.Text;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Tests.TerraformState;

/// <summary>The contract on the adapter the hosts compose (<see cref="TerraformStateBackend"/>), over its in-memory store.</summary>
public sealed class StateBackendAdapterTests : TerraformStateBackendContractTests
{
    private readonly InMemoryTerraformStateStore _store;
    private readonly TerraformStateBackend _backend;

    public StateBackendAdapterTests()
    {
        _store = new InMemoryTerraformStateStore(Time, keepPreviousVersions: 2);
        _backend = new TerraformStateBackend(
            _store, Options.Create(new TerraformStateBackendOptions { SigningKey = new string('k', 40) }), Time, NullLogger<TerraformStateBackend>.Instance);
    }

    protected override ITerraformStateBackend Backend => _backend;

    protected override async Task LockAsync(TerraformStateAddress address, string lockId)
    {
        var attempt = await _store.TryLockAsync(address, new TerraformStateLock(lockId, "{}", Time.GetUtcNow()) { Server = StateServer.Current }, CancellationToken.None);
        Assert.Equal(LockOutcome.Acquired, attempt.Outcome);
    }

    protected override async Task WriteStateAsync(TerraformStateAddress address, string json)
    {
        var attempt = await _store.WriteStateAsync(address, null, Encoding.UTF8.GetBytes(json), CancellationToken.None);
        Assert.Equal(StateWriteOutcome.Written, attempt.Outcome);
    }
}
