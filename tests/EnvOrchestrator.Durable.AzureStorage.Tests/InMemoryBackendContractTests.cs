using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.InMemory;
using EnvOrchestrator.Testing.DurableBackend;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

/// <summary>The backend contract on the engine's in-memory backend, so both implementations are held to one standard.</summary>
public sealed class InMemoryBackendContractTests : OrchestrationBackendContractTests
{
    private InMemoryOrchestrationBackend? _backend;

    protected override Task<IOrchestrationBackend> CreateBackendAsync(string taskHub, CancellationToken cancellationToken)
    {
        _backend = new InMemoryOrchestrationBackend(taskHub);
        return Task.FromResult<IOrchestrationBackend>(_backend);
    }

    // One process shares one in-memory store: the "other worker" is the same object.
    protected override Task<IOrchestrationBackend> CreateBackendForSameHubAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IOrchestrationBackend>(_backend!);
}
