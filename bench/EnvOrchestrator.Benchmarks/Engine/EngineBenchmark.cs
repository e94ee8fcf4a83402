using System.Diagnostics;
using System.Globalization;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.AzureStorage;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Benchmarks.Engine;

/// <summary>
/// The durable engine on Azure Storage: a fresh in-memory Azurite on free ports, one in-process hosted worker,
/// a chain of no-op activities (sequential steps per second) and a fan-out/fan-in of no-op activities
/// (activities per second). Warm-up runs are excluded. Options: --chain N, --fanout N, --runs N (best of).
/// </summary>
internal sealed class EngineBenchmark : IBenchmarkCommand
{
    public string Name => "engine";

    public string Description => "durable engine on Azurite: sequential steps/s (chain of 200) and fan-out/fan-in activities/s (1,000)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var chain = Option(args, "--chain", 200);
        var fanOut = Option(args, "--fanout", 1_000);
        var runs = Option(args, "--runs", 3);

        var startClock = Stopwatch.StartNew();
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { InMemory = true }, NullLogger.Instance, cancellationToken);
        Print("engine.azurite.start_ms", startClock.Elapsed.TotalMilliseconds);

        var backend = new AzureStorageOrchestrationBackend(
            Options.Create(new AzureStorageOrchestrationOptions { TaskHub = "bench", ConnectionString = azurite.ConnectionString }),
            TimeProvider.System,
            NullLogger<AzureStorageOrchestrationBackend>.Instance);
        await backend.CreateIfNotExistsAsync(cancellationToken);

        await MeasureBaselineAsync(backend, cancellationToken);

        var registry = new DurableTaskRegistry()
            .AddActivityFunc("Noop", static (TaskActivityContext _, int x) => x)
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
            });

        var signal = new WorkSignal();
        using var engine = new DurableTaskEngine(backend, registry, EmptyServices.Instance, new DurableTaskWorkerOptions(), TimeProvider.System, NullLoggerFactory.Instance, signal);
        using var worker = new DurableTaskWorkerService(engine, TimeProvider.System, NullLogger<DurableTaskWorkerService>.Instance);
        await worker.StartAsync(cancellationToken);
        var client = new DurableTaskClient(backend, TimeProvider.System, signal);

        try
        {
            // Warm-up (JIT, connections, queue creation paths): not measured.
            await RunAsync(client, "Chain", 10, cancellationToken);
            await RunAsync(client, "FanOut", 50, cancellationToken);
            Console.WriteLine("engine.warmup excluded chain=10 fanout=50");

            var sequential = await MeasureAsync("sequential", client, backend, engine, "Chain", chain, runs, cancellationToken);
            var parallel = await MeasureAsync("fanout", client, backend, engine, "FanOut", fanOut, runs, cancellationToken);

            Print("engine.sequential.steps_per_second", sequential);
            Print("engine.fanout.activities_per_second", parallel);
            return 0;
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await worker.StopAsync(stop.Token);
        }
    }

    /// <summary>
    /// The storage floor before the worker starts: one storage operation at a time, as on the engine's critical
    /// path (a sequential step needs about five in a row: receive, commit, send, receive, send).
    /// </summary>
    private static async Task MeasureBaselineAsync(AzureStorageOrchestrationBackend backend, CancellationToken cancellationToken)
    {
        const int rounds = 50;
        var queue = QueueNames.WorkItems;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            await backend.SendMessageAsync(queue, "{\"baseline\":true}", TimeSpan.Zero, cancellationToken);
            foreach (var message in await backend.ReceiveMessagesAsync(queue, 32, TimeSpan.FromSeconds(30), cancellationToken))
            {
                await backend.DeleteMessageAsync(message, cancellationToken);
            }
        }

        Print("engine.baseline.queue_op_ms", clock.Elapsed.TotalMilliseconds / (rounds * 3));

        var state = new InstanceStateRecord
        {
            InstanceId = "baseline",
            Name = "Baseline",
            ExecutionId = "e",
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            CreatedAt = TimeProvider.System.GetUtcNow(),
            LastUpdatedAt = TimeProvider.System.GetUtcNow(),
        };
        var result = await backend.CommitAsync(new InstanceCommit("baseline", null, state, null, null, []), cancellationToken);
        clock.Restart();
        for (var episode = 1; episode <= rounds; episode++)
        {
            var commit = new InstanceCommit("baseline", result.ETag, state with { Episode = episode },
                new HistoryEpisode("e", episode, "[{\"kind\":\"baseline\"}]"), null, []);
            result = await backend.CommitAsync(commit, cancellationToken);
        }

        Print("engine.baseline.commit_ms", clock.Elapsed.TotalMilliseconds / rounds);
        await backend.PurgeInstanceAsync("baseline", cancellationToken);
    }

    /// <summary>Runs <paramref name="runs"/> instances one after another; prints per-run figures and returns the best rate.</summary>
    private static async Task<double> MeasureAsync(
        string label, DurableTaskClient client, AzureStorageOrchestrationBackend backend, DurableTaskEngine engine,
        string orchestrator, int count, int runs, CancellationToken cancellationToken)
    {
        var best = 0.0;
        for (var run = 1; run <= runs; run++)
        {
            var counter = backend.RequestCounter;
            var (tables, queues, blobs) = (counter.Tables.Count, counter.Queues.Count, counter.Blobs.Count);
            var (tableTime, queueTime) = (counter.Tables.Elapsed, counter.Queues.Elapsed);
            var (commits, conflicts) = (engine.Metrics.Commits, engine.Metrics.Conflicts);
            var clock = Stopwatch.StartNew();
            await RunAsync(client, orchestrator, count, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var rate = count / seconds;
            best = Math.Max(best, rate);

            var prefix = $"engine.{label}.run{run}";
            Print(prefix + ".seconds", seconds);
            Print(prefix + ".rate", rate);
            Print(prefix + ".table_requests", counter.Tables.Count - tables);
            Print(prefix + ".queue_requests", counter.Queues.Count - queues);
            Print(prefix + ".blob_requests", counter.Blobs.Count - blobs);
            Print(prefix + ".table_ms_per_request", (counter.Tables.Elapsed - tableTime).TotalMilliseconds / Math.Max(1, counter.Tables.Count - tables));
            Print(prefix + ".queue_ms_per_request", (counter.Queues.Elapsed - queueTime).TotalMilliseconds / Math.Max(1, counter.Queues.Count - queues));
            Print(prefix + ".requests_per_activity", (double)(counter.Tables.Count - tables + counter.Queues.Count - queues + counter.Blobs.Count - blobs) / count);
            Print(prefix + ".commits", engine.Metrics.Commits - commits);
            Print(prefix + ".conflicts", engine.Metrics.Conflicts - conflicts);
        }

        return best;
    }

    private static async Task RunAsync(DurableTaskClient client, string orchestrator, int count, CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, count, cancellationToken: cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        if (result.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{orchestrator}({count}) ended {result.RuntimeStatus}: {result.FailureDetails?.ErrorMessage}");
        }
    }

    private static void Print(string metric, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value:0.##}"));

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        return fallback;
    }

    /// <summary>The benchmark's tasks are functions; nothing is resolved from a container.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static EmptyServices Instance { get; } = new();

        public object? GetService(Type serviceType) => null;
    }
}
