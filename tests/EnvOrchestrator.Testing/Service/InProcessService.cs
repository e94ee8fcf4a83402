using EnvOrchestrator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.Testing.Service;

/// <summary>The composed service in the test process on loopback Kestrel, logging to the test output.</summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessService(WebApplication app, ServiceSettings settings)
    {
        _app = app;
        Settings = settings;
    }

    public ServiceSettings Settings { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the service on a free port (another one if that is taken before Kestrel binds it).</summary>
    public static async Task<InProcessService> StartAsync(ServiceSettings settings, ITestOutputHelper output)
    {
        var app = await FreePorts.StartAsync(
            port => ServiceApplication.Create(settings.OnPort(port).ToArguments(), builder =>
            {
                builder.Logging.ClearProviders().AddProvider(new XunitLoggerProvider(output));
                builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            }),
            server => server.StartAsync());
        return new InProcessService(app, settings);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Settings.WorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // A Terraform child may still hold a file for a moment; the OS cleans the temp folder later.
        }
    }
}
