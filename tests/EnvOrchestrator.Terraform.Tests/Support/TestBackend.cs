using System.Collections.Concurrent;
using EnvOrchestrator.StateBackend;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>Our state backend (in-memory store) on loopback Kestrel, recording each request as "METHOD path status".</summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public TerraformStateBackend Backend => _app.Services.GetRequiredService<TerraformStateBackend>();

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<TestBackend> StartAsync(ILoggerProvider logs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddTerraformStateBackend(options =>
        {
            options.SigningKey = "terraform-tests-signing-key-0123456789abcdef";
            options.Store = TerraformStateStoreKind.InMemory;
        });
        var app = builder.Build();
        TestBackend? backend = null;
        app.Use(async (context, next) =>
        {
            await next(context);
            backend?.Requests.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}");
        });
        app.MapTerraformStateBackend("/tfstate");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend = new TestBackend(app, new Uri(address));
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
