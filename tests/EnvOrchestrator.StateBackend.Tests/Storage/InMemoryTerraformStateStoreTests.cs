using EnvOrchestrator.StateBackend.Storage;

namespace EnvOrchestrator.StateBackend.Tests.Storage;

public sealed class InMemoryTerraformStateStoreTests : TerraformStateStoreContractTests
{
    protected override Task<ITerraformStateStore> CreateStoreAsync(int keepPreviousVersions) =>
        Task.FromResult<ITerraformStateStore>(new InMemoryTerraformStateStore(Time, keepPreviousVersions));
}
