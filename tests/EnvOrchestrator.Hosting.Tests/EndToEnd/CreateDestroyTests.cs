using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.EndToEnd;

/// <summary>The composed service end to end: Azurite, real Terraform, the demo catalog, HTTP on loopback.</summary>
public sealed class CreateDestroyTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 150_000)]
    public async Task CreateAndDestroy_WebStackOverHttp_ReachesReadyWithOutputsThenDestroyed()
    {
        await using var service = await InProcessService.StartAsync(ServiceSettings.Create(azurite.ConnectionString), output);
        using var client = new EnvironmentClient(service.Settings.BaseAddress);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(140));

        var created = await client.CreateAsync("shop", new { name = "web-e2e", template = "web-stack@1.0.0", inputs = new { delay_seconds = 0 } }, cts.Token);
        var ready = await client.WaitForStatusAsync("shop", "web-e2e", "Ready", cts.Token);
        await client.DestroyAsync("shop", "web-e2e", cts.Token);
        var destroyed = await client.WaitForStatusAsync("shop", "web-e2e", "Destroyed", cts.Token);

        Assert.Equal("web-stack", created.GetProperty("environment").GetProperty("template").GetString());
        Assert.StartsWith("https://web-e2e-web.", ready.GetProperty("outputs").GetProperty("url").GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.All(ready.GetProperty("resources").EnumerateArray(), r =>
        {
            Assert.Equal("Succeeded", r.GetProperty("status").GetString());
            Assert.Equal(1, r.GetProperty("applyCount").GetInt32());
        });
        Assert.Equal(5, ready.GetProperty("resources").GetArrayLength());
        Assert.All(destroyed.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Destroyed", r.GetProperty("status").GetString()));
    }
}
