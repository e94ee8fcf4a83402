using System.Net;
using System.Net.Http.Json;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Hosting.Tests.Hosting;

public sealed class StorageEmulatorServiceTests
{
    // A fresh clone's first Azurite start runs npm ci (or waits for another test assembly's), which can take minutes.
    [Fact(Timeout = 300_000)]
    public async Task Start_EmulatorConnectionAndNothingListening_StartsAzuriteAndStopsItWithTheService()
    {
        var contentRoot = Directory.CreateTempSubdirectory("envorch-host-").FullName;
        var (app, endpoints) = await StartWithEmulatorOnFreePortsAsync(contentRoot);
        var listeningWhileRunning = await AzuriteProcess.AllListeningAsync(endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        var health = await http.GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = await health.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        await app.StopAsync();
        await app.DisposeAsync();
        var listeningAfterStop = await AzuriteProcess.AllListeningAsync(endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort, CancellationToken.None);

        Assert.True(listeningWhileRunning);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", body!["status"].ToString());
        Assert.False(listeningAfterStop);
        Assert.True(Directory.Exists(Path.Combine(contentRoot, ".envorch", "azurite")));
        Directory.Delete(contentRoot, recursive: true);
    }

    /// <summary>
    /// The emulator's ports are picked free, then bound by Azurite moments later; another process may take one in
    /// between, and the start then fails. Only that case is tried again, on new ports.
    /// </summary>
    private static async Task<(WebApplication App, AzuriteEndpoints Endpoints)> StartWithEmulatorOnFreePortsAsync(string contentRoot)
    {
        for (var attempt = 1; ; attempt++)
        {
            var endpoints = new AzuriteEndpoints(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
            var app = ServiceApplication.Create(
            [
                "--contentRoot", contentRoot,
                "--urls", "http://127.0.0.1:0",
                "--AzureWebJobsStorage", endpoints.ConnectionString,
                "--EnvOrchestrator:Emulator:ToolRoot", RepositoryPaths.Root,
                "--Security:Mode", "Development",
            ]);
            try
            {
                await app.StartAsync();
                return (app, endpoints);
            }
            catch (InvalidOperationException) when (attempt < 3 && new[] { endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort }.Any(FreePorts.IsTaken))
            {
                await app.DisposeAsync();
            }
        }
    }
}
