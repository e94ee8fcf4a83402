using EnvOrchestrator.StateBackend.Storage;
using EnvOrchestrator.Testing;

namespace EnvOrchestrator.StateBackend.Tests.Storage;

/// <summary>
/// The whole store contract (register, lock, get, put, unlock, versions, delete) against an Azurite started with its
/// default flags, through the client the backend builds: the pinned service version must be accepted there.
/// </summary>
public sealed class DefaultFlagsBlobTerraformStateStoreTests(DefaultFlagsAzuriteFixture azurite)
    : TerraformStateStoreContractTests, IClassFixture<DefaultFlagsAzuriteFixture>
{
    protected override Task<ITerraformStateStore> CreateStoreAsync(int keepPreviousVersions)
    {
        var container = BlobTerraformStateStore.CreateContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("tfstate"));
        return Task.FromResult<ITerraformStateStore>(new BlobTerraformStateStore(container, Time, keepPreviousVersions));
    }
}
