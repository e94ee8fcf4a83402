using System.Text.Json;
using Azure.Storage.Blobs;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.EndToEnd;

/// <summary>
/// The service as its own process, killed without warning mid-deploy (the service alone: its Terraform lives on) and
/// started again at its address on the same storage.
/// </summary>
public sealed class KillRestartTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    // About 40 s on an idle machine, most of it fixed waits (provisioning sleeps, lease, lock wait) plus two service
    // starts; the limits leave a loaded CI box several times that.
    [Fact(Timeout = 300_000)]
    public async Task Deploy_ServiceKilledWhileApplying_RestartedServiceReachesReadyWithoutLocks()
    {
        var settings = ServiceSettings.Create(azurite.ConnectionString);

        // A short lease brings the interrupted work item back soon after the kill; the lease keeper renews it while
        // a step legitimately runs longer (DTFx renews it while the activity runs).
        settings.Values["TaskHub:WorkItemVisibilityTimeout"] = "00:00:10";
        settings.Values["Terraform:LockTimeout"] = "00:00:05";

        // The dead service's lock must go at once (its process is gone from this machine), not after this wait,
        // which is for attempts that may still run on another instance.
        settings.Values["Lifecycle:InterruptedLockWait"] = "00:05:00";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(280));
        var first = await ServiceProcess.StartAsync(settings, output, cts.Token);
        await using (first)
        {
            using var client = new EnvironmentClient(settings.BaseAddress);
            await client.CreateAsync("team-a", new { name = "killed", template = "cache-only@1.0.0", inputs = new { delay_seconds = 8 } }, cts.Token);
            await client.WaitUntilAsync("team-a", "killed", e => ResourceStatus(e, "ns") == "Applying", cts.Token);

            // Inside the simulated provisioning: Terraform holds the state lock (seen in storage, not guessed from a
            // sleep) and, busy with its 8 s provisioner, has not written the state.
            await WaitForHeldLockAsync(settings.StateContainer, cts.Token);
            first.KillAlone();
            output.WriteLine($"killed service process {first.Id}, not its Terraform");
        }

        var restartedAt = DateTimeOffset.UtcNow;
        await using var second = await ServiceProcess.RestartAsync(settings, output, cts.Token);
        using var restarted = new EnvironmentClient(settings.BaseAddress);
        var ready = await restarted.WaitForStatusAsync("team-a", "killed", "Ready", cts.Token);
        var recovery = DateTimeOffset.UtcNow - restartedAt;
        var leftovers = Directory.EnumerateDirectories(settings.Values["Terraform:WorkRoot"]).Where(d => !Path.GetFileName(d).StartsWith('.')).ToList();
        var locks = await HeldLocksAsync(settings.StateContainer, cts.Token);
        var stateResources = await StateResourceCountsAsync(settings.StateContainer, cts.Token);

        output.WriteLine($"Ready {recovery.TotalSeconds:F1} s after the restart: {ready}");
        Assert.All(ready.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Succeeded", r.GetProperty("status").GetString()));

        // The killed apply counts as an attempt. Its Terraform, left to finish by the drain (Terraform:OrphanDrain),
        // saved the namespace once the service was back, and the retry found it there: each resource exists once.
        Assert.Equal(2, ApplyCount(ready, "ns"));
        Assert.Equal(1, ApplyCount(ready, "cache"));
        Assert.Equal([1, 1], stateResources);
        Assert.Empty(locks);
        Assert.Empty(leftovers);
        Assert.True(recovery < TimeSpan.FromSeconds(60), $"recovery took {recovery}");
    }

    private static string? ResourceStatus(JsonElement environment, string resource) =>
        environment.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == resource).GetProperty("status").GetString();

    private static int ApplyCount(JsonElement environment, string resource) =>
        environment.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == resource).GetProperty("applyCount").GetInt32();

    /// <summary>Number of managed resource instances in each current state document.</summary>
    private async Task<List<int>> StateResourceCountsAsync(string container, CancellationToken cancellationToken)
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        using var states = new SealedStates(azurite.ConnectionString);
        var counts = new List<int>();
        await foreach (var blob in blobs.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Name.EndsWith("/state", StringComparison.Ordinal))
            {
                var content = await blobs.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                using var state = JsonDocument.Parse(states.Open(content.Value.Content.ToMemory()));
                counts.Add(state.RootElement.GetProperty("resources").EnumerateArray().Sum(r => r.GetProperty("instances").GetArrayLength()));
            }
        }

        return counts;
    }

    private async Task WaitForHeldLockAsync(string container, CancellationToken cancellationToken)
    {
        while ((await HeldLocksAsync(container, cancellationToken)).Count == 0)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Lock blobs of the state backend that name a holder (an empty lock blob means unlocked).</summary>
    private async Task<List<string>> HeldLocksAsync(string container, CancellationToken cancellationToken)
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        var held = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Name.EndsWith("/lock", StringComparison.Ordinal))
            {
                var content = await blobs.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                if (content.Value.Content.ToMemory().Length > 0)
                {
                    held.Add($"{blob.Name}: {content.Value.Content}");
                }
            }
        }

        return held;
    }
}
