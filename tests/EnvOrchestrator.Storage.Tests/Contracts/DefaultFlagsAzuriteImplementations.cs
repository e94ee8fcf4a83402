using EnvOrchestrator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Storage.Tests.Contracts;

// The environments table and the step-log blobs against an Azurite started with its default flags, as users run it:
// every call fails with 400 unless the clients pin service versions that Azurite accepts.
public sealed class DefaultFlagsAzuriteEnvironmentStoreTests(DefaultFlagsAzuriteFixture azurite) : EnvironmentStoreContract, IClassFixture<DefaultFlagsAzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite.ConnectionString, time);
}

public sealed class DefaultFlagsAzuriteStepLogStoreTests(DefaultFlagsAzuriteFixture azurite) : StepLogStoreContract, IClassFixture<DefaultFlagsAzuriteFixture>
{
    protected override Task<StoreSet> CreateStoresAsync(FakeTimeProvider time) => StoreSet.AzuriteAsync(azurite.ConnectionString, time);
}
