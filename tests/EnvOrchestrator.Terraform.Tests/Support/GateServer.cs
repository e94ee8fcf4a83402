using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>
/// Stands for a slow provider call: an http "state" that <c>terraform_remote_state</c> reads (module <c>recover</c>),
/// held until the test opens the gate. Lives in the test process, so it outlives a killed service.
/// </summary>
internal sealed class GateServer : IAsyncDisposable
{
    // A valid, empty state: the data source reads it without error.
    private const string EmptyState = """{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"gate","outputs":{},"resources":[]}""";

    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<GateServer> StartAsync()
    {
        var server = new GateServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/gate/{name}", async (string name, CancellationToken cancellationToken) =>
        {
            var gate = server.GateOf(name);
            gate.Reached.TrySetResult();
            await gate.Opened.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return Results.Text(EmptyState, "application/json");
        });
        await app.StartAsync();
        server._app = app;
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public string AddressOf(string name) => new Uri(BaseAddress, "/gate/" + name).AbsoluteUri;

    /// <summary>Completes when Terraform is reading the gate (the resource before it is created).</summary>
    public Task ReachedAsync(string name) => GateOf(name).Reached.Task;

    public void Open(string name) => GateOf(name).Opened.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Opened.TrySetResult();
        }

        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private Gate GateOf(string name) => _gates.GetOrAdd(name, _ => new Gate());

    private sealed class Gate
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
