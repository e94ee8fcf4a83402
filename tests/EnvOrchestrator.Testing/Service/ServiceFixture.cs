using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EnvOrchestrator.Testing.Service;

/// <summary>
/// The real service (Azurite, the demo catalog, real Terraform) on loopback, one per test class: starting it is the
/// slow part, and each class's environments have names of their own. For test projects that drive the service as its users do.
/// </summary>
public sealed class ServiceFixture(IMessageSink sink) : IAsyncLifetime
{
    private InProcessService? _service;

    public Uri Endpoint => (_service ?? throw new InvalidOperationException("The service has not started.")).Settings.BaseAddress;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteFixture.SharedAsync();
        _service = await InProcessService.StartAsync(ServiceSettings.Create(azurite.ConnectionString), new SinkOutput(sink));
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    /// <summary>A class fixture has no test output; the service's log goes to the diagnostic messages instead.</summary>
    private sealed class SinkOutput(IMessageSink sink) : ITestOutputHelper
    {
        public void WriteLine(string message) => sink.OnMessage(new DiagnosticMessage(message));

        public void WriteLine(string format, params object[] args) => sink.OnMessage(new DiagnosticMessage(format, args));
    }
}
