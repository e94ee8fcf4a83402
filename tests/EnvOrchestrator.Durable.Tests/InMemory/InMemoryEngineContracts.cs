using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.InMemory;
using EnvOrchestrator.Testing.Durable;
using Xunit.Abstractions;

namespace EnvOrchestrator.Durable.Tests.InMemory;

public sealed class InMemoryEngineSemanticsTests(ITestOutputHelper output) : EngineSemanticsContract(output)
{
    protected override Task<IOrchestrationBackend> CreateBackendAsync() =>
        Task.FromResult<IOrchestrationBackend>(new InMemoryOrchestrationBackend("hub" + Guid.NewGuid().ToString("N")[..8]));
}

public sealed class InMemoryEngineCrashTests(ITestOutputHelper output) : EngineCrashContract(output)
{
    protected override Task<IOrchestrationBackend> CreateBackendAsync() =>
        Task.FromResult<IOrchestrationBackend>(new InMemoryOrchestrationBackend("hub" + Guid.NewGuid().ToString("N")[..8]));
}

public sealed class InMemoryEngineDeliveryTests(ITestOutputHelper output) : EngineDeliveryContract(output)
{
    protected override Task<IOrchestrationBackend> CreateBackendAsync() =>
        Task.FromResult<IOrchestrationBackend>(new InMemoryOrchestrationBackend("hub" + Guid.NewGuid().ToString("N")[..8]));
}
