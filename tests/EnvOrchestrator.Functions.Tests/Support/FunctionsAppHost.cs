using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.Functions.Tests.Support;

/// <summary>
/// The Functions app's composition (<see cref="FunctionsComposition"/>) started in a generic host, as the isolated
/// worker starts it, minus the Functions host: tests invoke its functions directly.
/// </summary>
internal sealed class FunctionsAppHost : IAsyncDisposable
{
    private readonly IHost _host;

    private FunctionsAppHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<FunctionsAppHost> StartAsync(ServiceSettings settings, ITestOutputHelper output)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = settings.WorkRoot });
        builder.Configuration.AddInMemoryCollection(settings.Values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
        builder.Logging.ClearProviders().AddProvider(new XunitLoggerProvider(output));
        builder.Services.AddEnvOrchestratorFunctions(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new FunctionsAppHost(host);
    }

    public FakeFunctionContext Invocation(string functionName, IReadOnlyDictionary<string, object?>? bindingData = null) =>
        new(_host.Services, functionName, bindingData);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.StopAsync(cts.Token);
        _host.Dispose();
    }
}
