using System.Net;
using System.Net.Http.Json;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Functions.Tests.Hosting;

public sealed class StorageEmulatorServiceTests
{
    [Fact(Timeout = 120_000)]
    public async Task Start_EmulatorConnectionAndNothingListening_StartsAzuriteAndStopsItWithTheService()
    {
        var endpoints = new AzuriteEndpoints(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var contentRoot = Directory.CreateTempSubdirectory("envorch-host-").FullName;
        var app = ServiceApplication.Create(
        [
            "--contentRoot", contentRoot,
            "--urls", "http://127.0.0.1:0",
            "--AzureWebJobsStorage", endpoints.ConnectionString,
            "--EnvOrchestrator:Emulator:ToolRoot", RepositoryPaths.Root,
        ]);

        await app.StartAsync();
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
}
