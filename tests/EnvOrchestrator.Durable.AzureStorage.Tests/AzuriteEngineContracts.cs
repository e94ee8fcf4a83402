using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Durable;
using Xunit.Abstractions;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

// The engine's contract suites on Azure Storage (Azurite): each test gets its own task hub. They wait on real
// timers and leases, so the three classes share one collection (run one after another) instead of competing for
// the two cores and the single Azurite with each other.

[Collection(AzuriteEngineBackends.Collection)]
public sealed class AzuriteEngineSemanticsTests(AzuriteFixture azurite, ITestOutputHelper output)
    : EngineSemanticsContract(output), IClassFixture<AzuriteFixture>
{
    protected override Task<IOrchestrationBackend> CreateBackendAsync() => AzuriteEngineBackends.CreateAsync(azurite);
}

[Collection(AzuriteEngineBackends.Collection)]
public sealed class AzuriteEngineCrashTests(AzuriteFixture azurite, ITestOutputHelper output)
    : EngineCrashContract(output), IClassFixture<AzuriteFixture>
{
    protected override Task<IOrchestrationBackend> CreateBackendAsync() => AzuriteEngineBackends.CreateAsync(azurite);
}

[Collection(AzuriteEngineBackends.Collection)]
public sealed class AzuriteEngineDeliveryTests(AzuriteFixture azurite, ITestOutputHelper output)
    : EngineDeliveryContract(output), IClassFixture<AzuriteFixture>
{
    protected override Task<IOrchestrationBackend> CreateBackendAsync() => AzuriteEngineBackends.CreateAsync(azurite);
}

internal static class AzuriteEngineBackends
{
    public const string Collection = "Azurite engine contracts";

    public static async Task<IOrchestrationBackend> CreateAsync(AzuriteFixture azurite) =>
        await AzuriteBackends.CreateHubAsync(azurite);
}
