using System.Diagnostics;
using Azure.Data.Tables;
using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>
/// An activity that kills its worker every time it runs ends as a failure the orchestration handles, after
/// <see cref="TaskHubOptions.MaxActivityDeliveries"/> deliveries, instead of crash-looping the service for ever.
/// The worker really dies: it is a process of its own (this assembly started with <see cref="WorkerProcess.Verb"/>)
/// whose activity kills it with SIGKILL; each time, the test starts a new worker (with a new worker id, as another
/// instance of the service would be) on the same task hub.
/// </summary>
public sealed class PoisonTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Activity_KillsItsWorkerEveryTime_FailsWithDeliveryLimitAfterMaxDeliveries()
    {
        var hub = AzuriteFixture.UniqueName("poison");
        var config = new WorkerConfig(azurite.ConnectionString, hub, "poison-0", Environment.ProcessId, PartitionCount: 1, MaxActivityDeliveries: 2);
        using var logs = new XunitLoggerProvider(output);

        // The test's own host has a client and no worker: every task runs in the worker processes.
        using var clientHost = HubHost.Build(logs, azurite.ConnectionString, hub, config.Apply);
        var client = clientHost.Client();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(PoisonedOrchestrator));
        var clock = Stopwatch.StartNew();
        var workers = new List<WorkerProcess>();
        OrchestrationMetadata? done = null;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            while (done is null)
            {
                var worker = WorkerProcess.Start(config with { HostName = $"poison-{workers.Count + 1}" }, output);
                workers.Add(worker);
                while (done is null && !worker.HasExited)
                {
                    await Task.Delay(200, deadline.Token);
                    var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true, deadline.Token);
                    done = state?.IsCompleted == true ? state : null;
                }

                output.WriteLine($"{clock.Elapsed}: worker {worker.Name} {(worker.HasExited ? "died" : "is alive")}; orchestration {(done is null ? "running" : "finished")}");
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        var countedBeforePurge = await CountRowsAsync(hub + "Deliveries");
        await client.PurgeInstanceAsync(id);
        var countedAfterPurge = await CountRowsAsync(hub + "Deliveries");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var outcome = done.ReadOutputAs<PoisonOutcome>()!;
        Assert.Equal(TaskHubErrors.DeliveryLimit, outcome.ErrorType);
        Assert.Contains("2 times", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(2, workers.Sum(w => w.Count(SharedTasks.CrashMarker)));
        Assert.Equal(3, workers.Count);

        // The poisoned invocation's count stays (a duplicate of its message fails at once) until the instance is purged.
        Assert.Equal(1, countedBeforePurge);
        Assert.Equal(0, countedAfterPurge);
    }

    private async Task<int> CountRowsAsync(string table)
    {
        var rows = 0;
        await foreach (var _ in new TableClient(azurite.ConnectionString, table).QueryAsync<TableEntity>())
        {
            rows++;
        }

        return rows;
    }
}
