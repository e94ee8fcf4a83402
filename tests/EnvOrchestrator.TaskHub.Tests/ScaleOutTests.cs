using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>
/// Two service instances on one task hub: the test's own host ("A") and a worker process ("B", which the test kills
/// with SIGKILL). They split the partitions and both run orchestrations and activities; when B dies, A takes over its
/// partitions when their leases expire, and its unfinished activities when their messages become visible again.
/// </summary>
public sealed class ScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task TwoHosts_ShareThePartitions_SurvivorFinishesTheKilledHostsInstances()
    {
        var hub = AzuriteFixture.UniqueName("scale");
        var configA = new WorkerConfig(azurite.ConnectionString, hub, "A", Environment.ProcessId, PartitionCount: 4);
        using var logs = new XunitLoggerProvider(output);
        using var hostA = HubHost.Build(logs, azurite.ConnectionString, hub, configA.Apply, r => SharedTasks.Register(r, "A"), s => s.AddSingleton(new HostIdentity("A")));
        await hostA.StartAsync();
        await using var workerB = WorkerProcess.Start(configA with { HostName = "B" }, output);
        var client = hostA.Client();
        await Eventually.UntilAsync(
            async () => await PartitionOwnersAsync(hub) is { Count: 2 } owners && owners.Values.All(n => n == 2),
            TimeSpan.FromSeconds(30),
            "A and B own two partitions each");
        output.WriteLine("partitions: " + string.Join(", ", (await PartitionOwnersAsync(hub)).Select(o => $"{o.Key}×{o.Value}")));

        // Sharing: sixteen short instances over the four partitions.
        var shared = await StartRelaysAsync(client, 16, new RelayInput(3, 100));
        var sharedDone = await Task.WhenAll(shared.Select(id => client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30))));
        var sharedOutputs = sharedDone.Select(d => d.ReadOutputAs<RelayOutput>()!).ToList();

        // Dying: twelve long instances; B is killed while it holds some of them and runs some of their steps.
        var inFlight = await StartRelaysAsync(client, 12, new RelayInput(4, 1500));
        var stepsOnB = workerB.Count(SharedTasks.StepMarker);
        await Eventually.UntilAsync(
            async () => workerB.Count(SharedTasks.StepMarker) > stepsOnB && (await HeldByAsync(client, inFlight)).Contains("B"),
            TimeSpan.FromSeconds(20),
            "B runs steps and holds instances");
        var heldBeforeKill = (await Task.WhenAll(inFlight.Select(id => client.GetInstanceAsync(id)))).ToDictionary(m => m!.InstanceId, m => m!.ReadCustomStatusAs<string>());
        workerB.Kill();
        var sinceKill = Stopwatch.StartNew();
        var survivorsDone = await Task.WhenAll(inFlight.Select(id => client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(45))));
        output.WriteLine($"all in-flight instances finished {sinceKill.Elapsed} after B was killed");

        Assert.All(sharedDone, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
        Assert.Contains(sharedOutputs, o => o.OrchestratedBy == "A");
        Assert.Contains(sharedOutputs, o => o.OrchestratedBy == "B");
        Assert.Contains(sharedOutputs.SelectMany(o => o.StepHosts), h => h == "A");
        Assert.Contains(sharedOutputs.SelectMany(o => o.StepHosts), h => h == "B");

        Assert.All(survivorsDone, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
        var takenOver = survivorsDone.Where(d => heldBeforeKill[d.InstanceId] == "B").ToList();
        Assert.NotEmpty(takenOver);
        Assert.All(takenOver, d => Assert.Equal("A", d.ReadOutputAs<RelayOutput>()!.OrchestratedBy));
        Assert.All(survivorsDone, d => Assert.Equal(4, d.ReadOutputAs<RelayOutput>()!.StepHosts.Length));
        foreach (var done in survivorsDone)
        {
            var relay = done.ReadOutputAs<RelayOutput>()!;
            output.WriteLine($"{done.InstanceId}: held by {heldBeforeKill[done.InstanceId]} before the kill, steps on {string.Join(",", relay.StepHosts)}, finished by {relay.OrchestratedBy}");
        }

        await hostA.StopAsync();
    }

    private static async Task<List<string>> StartRelaysAsync(DurableTaskClient client, int count, RelayInput input)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(nameof(RelayOrchestrator), input));
        }

        return ids;
    }

    /// <summary>The hosts that ran the latest episode of each instance (its custom status).</summary>
    private static async Task<HashSet<string?>> HeldByAsync(DurableTaskClient client, IEnumerable<string> ids) =>
        [.. (await Task.WhenAll(ids.Select(id => client.GetInstanceAsync(id)))).Select(m => m?.ReadCustomStatusAs<string>())];

    /// <summary>Partitions per owner, from the provider's partition table.</summary>
    private async Task<Dictionary<string, int>> PartitionOwnersAsync(string hub)
    {
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await foreach (var lease in new TableClient(azurite.ConnectionString, hub + "Partitions").QueryAsync<TableEntity>())
            {
                if (lease.GetString("CurrentOwner") is { } owner && lease.GetString("NextOwner") is null)
                {
                    owners[owner] = owners.GetValueOrDefault(owner) + 1;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The hub is still being created.
        }

        return owners;
    }
}
