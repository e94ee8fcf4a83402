using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.DurableBackend;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

/// <summary>The backend contract on Azure Storage, against a real Azurite.</summary>
public sealed class AzuriteBackendContractTests(AzuriteFixture azurite) : OrchestrationBackendContractTests, IClassFixture<AzuriteFixture>
{
    private string? _taskHub;

    protected override Task<IOrchestrationBackend> CreateBackendAsync(string taskHub, CancellationToken cancellationToken)
    {
        _taskHub = taskHub;
        return Task.FromResult<IOrchestrationBackend>(AzuriteBackends.Create(azurite, taskHub));
    }

    protected override Task<IOrchestrationBackend> CreateBackendForSameHubAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IOrchestrationBackend>(AzuriteBackends.Create(azurite, _taskHub!));
}
