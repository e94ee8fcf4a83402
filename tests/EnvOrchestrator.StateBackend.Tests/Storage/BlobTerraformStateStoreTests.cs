using EnvOrchestrator.StateBackend.Storage;
using EnvOrchestrator.Testing;

namespace EnvOrchestrator.StateBackend.Tests.Storage;

/// <summary>The contract against Azurite; each test gets its own container.</summary>
public sealed class BlobTerraformStateStoreTests(AzuriteFixture azurite) : TerraformStateStoreContractTests, IClassFixture<AzuriteFixture>
{
    protected override Task<ITerraformStateStore> CreateStoreAsync(int keepPreviousVersions)
    {
        var container = BlobTerraformStateStore.CreateContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("tfstate"));
        return Task.FromResult<ITerraformStateStore>(new BlobTerraformStateStore(container, Time, keepPreviousVersions));
    }
}
