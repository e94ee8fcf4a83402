using System.Diagnostics;
using Azure.Storage.Queues;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.TaskHub;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static EnvOrchestrator.Benchmarks.BenchArgs;

namespace EnvOrchestrator.Benchmarks.Engine;

/// <summary>
/// The service's Durable Task runtime (the SDK on DTFx's Azure Storage provider, <c>src/EnvOrchestrator.TaskHub</c>)
/// composed as the service composes it, on a fresh in-memory Azurite on free ports, worker and client in this
/// process: a chain of no-op activities (sequential steps per second) and a fan-out/fan-in of no-op activities
/// (activities per second). Warm-up runs are excluded; the best of <c>--runs</c> is reported.
/// Settings default to <see cref="TaskHubOptions"/>'s defaults; each can be overridden, and <c>--matrix</c> measures a
/// fixed list of settings one after another (a fresh Azurite each) and prints a headline per setting.
/// </summary>
internal sealed class EngineBenchmark : IBenchmarkCommand
{
    public string Name => "engine";

    public string Description =>
        "Durable Task runtime on Azurite: sequential steps/s (--chain 100) and fan-out/fan-in activities/s (--fanout 500); " +
        "--partitions N --batch N --polling-ms N --sessions on|off --activities N --orchestrations N --runs N --matrix";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var chain = Int(args, "--chain", 100);
        var fanOut = Int(args, "--fanout", 500);
        var runs = Int(args, "--runs", 3);
        var defaults = new TaskHubOptions();
        var given = new Settings(
            Int(args, "--partitions", defaults.PartitionCount),
            Int(args, "--batch", defaults.ControlQueueBatchSize),
            TimeSpan.FromMilliseconds(Double(args, "--polling-ms", defaults.MaxQueuePollingInterval.TotalMilliseconds)),
            Bool(args, "--sessions", defaults.ExtendedSessionsEnabled),
            Int(args, "--activities", defaults.MaxConcurrentActivities),
            Int(args, "--orchestrations", defaults.MaxConcurrentOrchestrations));

        Print("engine.load_average", LoadAverage());
        Print("engine.shape", $"chain={chain} fanout={fanOut} runs={runs} (best of)");
        if (!Flag(args, "--matrix"))
        {
            var (sequential, parallel) = await MeasureAsync("engine", given, chain, fanOut, runs, cancellationToken);
            Print("engine.sequential.steps_per_second", sequential);
            Print("engine.fanout.activities_per_second", parallel);
            return 0;
        }

        // Each setting changes one thing from the given (default) one, except the last two candidates.
        var matrix = new List<(string Label, Settings Settings)>
        {
            ("given", given),
            ("sessions_off", given with { ExtendedSessions = false }),
            ("polling_250ms", given with { Polling = TimeSpan.FromMilliseconds(250) }),
            ("polling_100ms", given with { Polling = TimeSpan.FromMilliseconds(100) }),
            ("partitions_1", given with { Partitions = 1 }),
            ("partitions_2", given with { Partitions = 2 }),
            ("batch_8", given with { Batch = 8 }),
            ("activities_10", given with { Activities = 10 }),
            ("activities_100", given with { Activities = 100 }),
            ("polling_250ms_activities_100", given with { Polling = TimeSpan.FromMilliseconds(250), Activities = 100 }),
        };
        var results = new List<(string Label, double Sequential, double Parallel)>();
        foreach (var (label, settings) in matrix)
        {
            var (sequential, parallel) = await MeasureAsync($"engine.matrix.{label}", settings, chain, fanOut, runs, cancellationToken);
            results.Add((label, sequential, parallel));
        }

        foreach (var (label, sequential, parallel) in results)
        {
            Print($"engine.matrix.{label}.summary", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sequential:0.#} steps/s, {parallel:0.#} activities/s"));
        }

        Print("engine.sequential.steps_per_second", results[0].Sequential);
        Print("engine.fanout.activities_per_second", results[0].Parallel);
        return 0;
    }

    /// <summary>One setting on a fresh Azurite: warm-up, then the best of <paramref name="runs"/> of each scenario.</summary>
    private static async Task<(double Sequential, double Parallel)> MeasureAsync(
        string prefix, Settings settings, int chain, int fanOut, int runs, CancellationToken cancellationToken)
    {
        Print(prefix + ".settings", settings.ToString());
        var startClock = Stopwatch.StartNew();
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { InMemory = true }, NullLogger.Instance, cancellationToken);
        Print(prefix + ".azurite.start_ms", startClock.Elapsed.TotalMilliseconds, "0");
        Print(prefix + ".baseline.queue_op_ms", await QueueFloorAsync(azurite.ConnectionString, cancellationToken));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddTaskHub(o =>
        {
            o.ConnectionString = azurite.ConnectionString;
            o.TaskHubName = "bench";
            o.PartitionCount = settings.Partitions;
            o.ControlQueueBatchSize = settings.Batch;
            o.MaxQueuePollingInterval = settings.Polling;
            o.ExtendedSessionsEnabled = settings.ExtendedSessions;
            o.MaxConcurrentActivities = settings.Activities;
            o.MaxConcurrentOrchestrations = settings.Orchestrations;
        });
        builder.Services.AddDurableTaskWorker(b => b.AddTasks(r => r
            .AddActivityFunc<int, int>("Noop", static (_, x) => x)
            .AddOrchestratorFunc<int, int>("Chain", static async (context, n) =>
            {
                var value = 0;
                for (var i = 0; i < n; i++)
                {
                    value = await context.CallActivityAsync<int>("Noop", value + 1);
                }

                return value;
            })
            .AddOrchestratorFunc<int, int>("FanOut", static async (context, n) =>
            {
                var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>("Noop", i)));
                return results.Sum();
            })).UseAzureStorage());
        builder.Services.AddDurableTaskClient(b => b.UseAzureStorage());
        using var host = builder.Build();
        startClock.Restart();
        await host.StartAsync(cancellationToken);
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        try
        {
            // Warm-up (hub creation, partition leases, connections, and enough calls for the JIT's tiering to
            // settle: with a chain of 10 the first setting measured in a process ran at half the rate of the same
            // setting measured later): not measured.
            await RunAsync(client, "Chain", Math.Min(chain, 50), cancellationToken);
            await RunAsync(client, "FanOut", Math.Min(fanOut, 200), cancellationToken);
            Print(prefix + ".warmup_ms", startClock.Elapsed.TotalMilliseconds, "0");

            var sequential = await BestAsync(prefix + ".sequential", client, "Chain", chain, runs, cancellationToken);
            var parallel = await BestAsync(prefix + ".fanout", client, "FanOut", fanOut, runs, cancellationToken);
            Print(prefix + ".sequential.best", sequential);
            Print(prefix + ".fanout.best", parallel);
            return (sequential, parallel);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stop.Token);
        }
    }

    /// <summary>Send, receive and delete one queue message at a time: the storage floor of this machine at this moment.</summary>
    private static async Task<double> QueueFloorAsync(string connectionString, CancellationToken cancellationToken)
    {
        const int rounds = 30;
        var queue = new QueueClient(connectionString, "baseline", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06));
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            await queue.SendMessageAsync("baseline", cancellationToken);
            foreach (var message in (await queue.ReceiveMessagesAsync(32, cancellationToken: cancellationToken)).Value)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }

        var perOperation = clock.Elapsed.TotalMilliseconds / (rounds * 3);
        await queue.DeleteAsync(cancellationToken);
        return perOperation;
    }

    private static async Task<double> BestAsync(string prefix, DurableTaskClient client, string orchestrator, int count, int runs, CancellationToken cancellationToken)
    {
        var best = 0.0;
        for (var run = 1; run <= runs; run++)
        {
            var (wall, stored) = await RunAsync(client, orchestrator, count, cancellationToken);
            var rate = count / wall.TotalSeconds;
            best = Math.Max(best, rate);
            Print($"{prefix}.run{run}.seconds", wall.TotalSeconds, "0.###");
            Print($"{prefix}.run{run}.stored_seconds", stored.TotalSeconds, "0.###");
            Print($"{prefix}.run{run}.rate", rate);
        }

        return best;
    }

    /// <summary>
    /// Starts one instance and polls its status every 20 ms (the client's own wait backs off to 1 s, too coarse for a
    /// run of a few seconds). Returns the wall time seen here and the time between the instance's stored creation
    /// and last update (no client polling in it).
    /// </summary>
    private static async Task<(TimeSpan Wall, TimeSpan Stored)> RunAsync(DurableTaskClient client, string orchestrator, int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        var clock = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, count, timeout.Token);
        while (true)
        {
            var metadata = await client.GetInstancesAsync(id, getInputsAndOutputs: false, timeout.Token);
            if (metadata is { IsCompleted: true })
            {
                var wall = clock.Elapsed;
                return metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                    ? (wall, metadata.LastUpdatedAt - metadata.CreatedAt)
                    : throw new InvalidOperationException($"{orchestrator}({count}) ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private sealed record Settings(int Partitions, int Batch, TimeSpan Polling, bool ExtendedSessions, int Activities, int Orchestrations)
    {
        public override string ToString() => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"partitions={Partitions} control_queue_batch={Batch} polling_ms={Polling.TotalMilliseconds:0} extended_sessions={(ExtendedSessions ? "on" : "off")} max_activities={Activities} max_orchestrations={Orchestrations}");
    }
}
