using System.Net.Http.Json;
using Azure.Storage.Blobs;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.EndToEnd;

/// <summary>
/// The composed service's state backend seals Terraform states with the key ring: after a real deploy of the demo
/// cache, whose state holds its access key, the state container holds no copy of it in clear.
/// </summary>
public sealed class StateAtRestTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 150_000)]
    public async Task Deploy_CacheWithAccessKey_StateBlobsSealedAndTheKeyNowhereInClear()
    {
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        await using var service = await InProcessService.StartAsync(settings, output);
        using var client = new EnvironmentClient(service.Settings.BaseAddress);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(140));
        await client.CreateAsync("team-a", new { name = "sealed", template = "cache-only", inputs = new { delay_seconds = 0 } }, cts.Token);
        await client.WaitForStatusAsync("team-a", "sealed", "Ready", cts.Token);
        using var http = new HttpClient { BaseAddress = service.Settings.BaseAddress };
        http.DefaultRequestHeaders.Add("X-EnvOrch-User", "dev");
        using var revealed = await http.PostAsync("/api/projects/team-a/environments/sealed/outputs/reveal", null, cts.Token);
        var key = (await revealed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cts.Token)).GetProperty("resources").GetProperty("cache").GetProperty("primary_key").GetProperty("value").GetString()!;

        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(settings.StateContainer);
        var blobs = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cts.Token))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cts.Token)).Value.Content.ToString();
            Assert.DoesNotContain(key, content, StringComparison.Ordinal);
            if (content.StartsWith("ENVORCH-SEALED-1\n", StringComparison.Ordinal))
            {
                blobs++;
            }
        }

        Assert.True(blobs >= 2, $"{blobs} sealed state blobs (one per resource at least)");
    }
}
