using System.Text;
using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.Lifecycle.Tests.TerraformState;

public sealed class InMemoryTerraformStateBackendTests : TerraformStateBackendContractTests
{
    private readonly InMemoryTerraformStateBackend _backend;

    public InMemoryTerraformStateBackendTests() => _backend = new InMemoryTerraformStateBackend(Time);

    protected override ITerraformStateBackend Backend => _backend;

    protected override Task LockAsync(TerraformStateAddress address, string lockId)
    {
        Assert.True(_backend.TryLock(address, lockId));
        return Task.CompletedTask;
    }

    protected override Task WriteStateAsync(TerraformStateAddress address, string json)
    {
        Assert.True(_backend.WriteState(address, Encoding.UTF8.GetBytes(json)));
        return Task.CompletedTask;
    }
}
