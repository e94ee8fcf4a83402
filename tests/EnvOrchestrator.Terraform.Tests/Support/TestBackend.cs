using System.Collections.Concurrent;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>
/// Our state backend (in-memory store) on loopback Kestrel, recording each request as "METHOD path status".
/// <see cref="StopAsync"/> and <see cref="RestartAsync"/> stand for the service that serves it dying and coming back:
/// same port, same signing key (issued credentials stay valid), same store (states and locks survive).
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private const string SigningKey = "terraform-tests-signing-key-0123456789abcdef";

    private readonly ILoggerProvider _logs;
    private readonly ITerraformStateStore _store = new InMemoryTerraformStateStore(TimeProvider.System, keepPreviousVersions: 10);
    private WebApplication? _app;

    private TestBackend(ILoggerProvider logs) => _logs = logs;

    public Uri BaseAddress { get; private set; } = null!;

    public TerraformStateBackend Backend =>
        (_app ?? throw new InvalidOperationException("The backend is stopped.")).Services.GetRequiredService<TerraformStateBackend>();

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<TestBackend> StartAsync(ILoggerProvider logs)
    {
        var backend = new TestBackend(logs);
        await backend.ServeAsync(port: 0);
        return backend;
    }

    /// <summary>Registers a fresh address and returns what the runner needs to use it.</summary>
    public async Task<(TerraformStateAddress Address, TerraformHttpBackend Http)> NewStateAsync(string name)
    {
        var address = TerraformStateAddress.Create("ws-" + Guid.NewGuid().ToString("N")[..8], name);
        await Backend.RegisterAsync(address, CancellationToken.None);
        return (address, HttpFor(address));
    }

    public TerraformHttpBackend HttpFor(TerraformStateAddress address)
    {
        var credentials = Backend.IssueCredentials(address, TimeSpan.FromHours(1));
        return new TerraformHttpBackend(
            new Uri(BaseAddress, $"/tfstate/{address.Workspace}/{address.StateName}"), credentials.Username, credentials.Password);
    }

    /// <summary>Stops serving: connections to the port are refused from now on.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Serves again on the same port, with the same store and signing key.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await ServeAsync(BaseAddress.Port);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ServeAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddSingleton(_store);
        builder.Services.AddTerraformStateBackend(options =>
        {
            options.SigningKey = SigningKey;
            options.Store = TerraformStateStoreKind.InMemory;
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            await next(context);
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}");
        });
        app.MapTerraformStateBackend("/tfstate");
        await app.StartAsync();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _app = app;
    }
}
