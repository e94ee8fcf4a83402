using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.TaskHub;
using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Terraform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnvOrchestrator.Benchmarks.Deploy;

/// <summary>
/// Wall time to deploy a 10-resource, depth-3 environment whose resources each take 2 s, through the real lifecycle
/// (durable orchestration, one Terraform run per resource, http state backend), divided by one <c>terraform apply</c>
/// of a single root module holding the same resources. The orchestrations run on the service's Durable Task runtime
/// (<c>AddTaskHub</c> + <c>UseAzureStorage</c>) on a fresh in-memory Azurite, a task hub of their own per host; the
/// environment stores and the state store are in memory. Task hub settings default to <see cref="TaskHubOptions"/>'s
/// and can be overridden: <c>--polling-ms N --sessions on|off --partitions N --batch N</c>.
/// </summary>
internal sealed class DeployBenchmark : IBenchmarkCommand
{
    public string Name => "deploy";

    public string Description => "10-resource depth-3 deploy vs one monolithic terraform apply (--runs N, --delay S, --trace, --no-policy, task hub: --polling-ms N --sessions on|off --partitions N --batch N)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var runs = Option(args, "--runs", 3);
        var delay = Option(args, "--delay", 2);
        var defaults = new TaskHubOptions();
        var hub = new HubSettings(
            TimeSpan.FromMilliseconds(BenchArgs.Double(args, "--polling-ms", defaults.MaxQueuePollingInterval.TotalMilliseconds)),
            BenchArgs.Bool(args, "--sessions", defaults.ExtendedSessionsEnabled),
            BenchArgs.Int(args, "--partitions", defaults.PartitionCount),
            BenchArgs.Int(args, "--batch", defaults.ControlQueueBatchSize));
        BenchArgs.Print("deploy.load_average", BenchArgs.LoadAverage());
        BenchArgs.Print("deploy.task_hub", hub.ToString());
        var root = Directory.CreateTempSubdirectory("envorch-bench-deploy-").FullName;
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { InMemory = true }, NullLogger.Instance, cancellationToken);
        try
        {
            var monolith = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                monolith.Add(await TimeMonolithAsync(Path.Combine(root, $"monolith-{i}"), delay, cancellationToken));
            }

            var trace = args.Contains("--trace");
            var orchestrated = await TimeDeploysAsync(Path.Combine(root, "plain"), azurite.ConnectionString, hub, trace, mandatoryPolicy: false, runs, delay, cancellationToken);
            var guarded = args.Contains("--no-policy")
                ? null
                : await TimeDeploysAsync(Path.Combine(root, "guarded"), azurite.ConnectionString, hub, trace, mandatoryPolicy: true, runs, delay, cancellationToken);

            var deployMs = Median(orchestrated);
            var monolithMs = Median(monolith);
            Print("deploy.dag10.deploy_ms_median", deployMs);
            Print("deploy.dag10.monolithic_ms_median", monolithMs);
            Print("deploy.dag10.critical_path_sleep_ms", 3 * delay * 1000);

            // Under a mandatory plan rule every resource is planned and checked before its apply, and the roots once
            // more before anything is applied (the preflight): what that guarantee costs.
            Print("deploy.dag10.deploy_ms_runs", string.Join(' ', orchestrated.Select(t => t.ToString("F0", CultureInfo.InvariantCulture))));
            Print("deploy.dag10.monolithic_ms_runs", string.Join(' ', monolith.Select(t => t.ToString("F0", CultureInfo.InvariantCulture))));
            if (guarded is not null)
            {
                Print("deploy.dag10_mandatory_policy.deploy_ms_median", Median(guarded));
                Ratio("deploy.dag10_mandatory_policy.ratio_vs_monolithic", Median(guarded) / monolithMs);
            }

            Print("deploy.overhead_ms_per_resource", (deployMs - monolithMs) / Dag10Catalog.Graph.Count);
            Ratio("deploy.dag10.ratio_vs_monolithic", deployMs / monolithMs);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<List<double>> TimeDeploysAsync(
        string root, string storage, HubSettings hub, bool trace, bool mandatoryPolicy, int runs, int delay, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        await using var host = await BenchHost.StartAsync(root, storage, hub, trace, mandatoryPolicy, cancellationToken);

        // Warm-up (JIT, hub creation, partition leases, Terraform's init cache): not measured.
        await host.TimeDeployAsync("warmup", 0, cancellationToken);
        for (var i = 0; i < runs; i++)
        {
            times.Add(await host.TimeDeployAsync($"bench-{i}", delay, cancellationToken));
        }

        // Each a Table Storage round trip in production; the create's own requests included, the waiting poll not.
        var prefix = mandatoryPolicy ? "deploy.dag10_mandatory_policy" : "deploy.dag10";
        var measured = host.RecordRequests.Skip(1).ToList();
        var resources = (double)Dag10Catalog.Graph.Count;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{prefix}.record_reads_per_resource {measured.Average(m => m.Reads) / resources:F1}\n{prefix}.record_writes_per_resource {measured.Average(m => m.Writes) / resources:F1}\n{prefix}.record_conflicts_per_deploy {measured.Average(m => m.Conflicts):F1}\n{prefix}.record_requests_per_resource {measured.Average(m => m.Reads + m.Writes) / resources:F1}"));

        return times;
    }

    private static async Task<double> TimeMonolithAsync(string directory, int delay, CancellationToken cancellationToken)
    {
        Dag10Catalog.WriteMonolith(directory, delay);
        var cliConfig = Path.Combine(directory, "cli.tfrc");
        await File.WriteAllTextAsync(cliConfig, string.Empty, cancellationToken);
        var clock = Stopwatch.StartNew();
        await TerraformAsync(directory, cliConfig, cancellationToken, "init", "-input=false");
        await TerraformAsync(directory, cliConfig, cancellationToken, "apply", "-input=false", "-auto-approve");
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task TerraformAsync(string directory, string cliConfig, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("terraform") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TF_CLI_CONFIG_FILE"] = cliConfig;
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["TF_IN_AUTOMATION"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"terraform {arguments[0]} failed: {await stderr}{await stdout}");
        }
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static void Print(string metric, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value:F0}"));

    private static void Print(string metric, string value) => Console.WriteLine($"{metric} {value}");

    private static void Ratio(string metric, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value:F2}"));

    /// <summary>The task hub settings the deploy runs on.</summary>
    private sealed record HubSettings(TimeSpan Polling, bool ExtendedSessions, int Partitions, int Batch)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"polling_ms={Polling.TotalMilliseconds:0} extended_sessions={(ExtendedSessions ? "on" : "off")} partitions={Partitions} control_queue_batch={Batch}");
    }

    /// <summary>The lifecycle composed as the service does: the Durable Task runtime on Azurite, stores in memory.</summary>
    private sealed class BenchHost(WebApplication app, RecordRequestCounter records) : IAsyncDisposable
    {
        private static int _hubs;

        /// <summary>Record-store requests (reads, writes, conflicts) of each timed deploy.</summary>
        public List<(long Reads, long Writes, long Conflicts)> RecordRequests { get; } = [];

        public static async Task<BenchHost> StartAsync(string root, string storage, HubSettings hub, bool trace, bool mandatoryPolicy, CancellationToken cancellationToken)
        {
            var catalogRoot = Path.Combine(root, "catalog");
            Dag10Catalog.WriteCatalog(catalogRoot, mandatoryPolicy);
            var loaded = await CatalogLoader.LoadDirectoryAsync(catalogRoot, null, cancellationToken);
            if (!loaded.IsValid)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, loaded.Errors));
            }

            var port = LoopbackPorts.Free();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            if (trace)
            {
                // Every Terraform command and lifecycle step with a millisecond timestamp: where the critical path goes.
                builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Warning)
                    .AddFilter("EnvOrchestrator", LogLevel.Information);
            }

            var services = builder.Services;
            var hubName = string.Create(CultureInfo.InvariantCulture, $"deploy{Environment.ProcessId}x{Interlocked.Increment(ref _hubs)}");
            services.AddTaskHub(o =>
            {
                o.ConnectionString = storage;
                o.TaskHubName = hubName;
                o.MaxQueuePollingInterval = hub.Polling;
                o.ExtendedSessionsEnabled = hub.ExtendedSessions;
                o.PartitionCount = hub.Partitions;
                o.ControlQueueBatchSize = hub.Batch;
            });
            services.AddDurableTaskWorker(b => b.UseAzureStorage());
            services.AddDurableTaskClient(b => b.UseAzureStorage());
            services.AddInMemoryEnvironmentStores();
            var records = new RecordRequestCounter();
            records.Decorate(services);
            services.AddTerraformRunner(o => o.WorkRoot = Path.Combine(root, "runs"));
            services.AddTerraformStateBackend(o =>
            {
                o.SigningKey = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray());
                o.Store = TerraformStateStoreKind.InMemory;
            });
            services.AddEnvironmentLifecycle(o =>
            {
                o.Catalog = loaded.Catalog;
                o.CatalogRoot = catalogRoot;
                o.StateBackendUrl = new Uri($"http://127.0.0.1:{port}/tfstate");
            });
            var app = builder.Build();
            app.MapTerraformStateBackend("/tfstate");
            await app.StartAsync(cancellationToken);
            return new BenchHost(app, records);
        }

        public async Task<double> TimeDeployAsync(string name, int delay, CancellationToken cancellationToken)
        {
            var service = app.Services.GetRequiredService<IEnvironmentService>();
            _ = app.Services.GetRequiredService<IEnvironmentStore>();
            var environments = records.Uncounted!;
            var before = records.Snapshot();
            var inputs = new Dictionary<string, JsonElement> { ["delay_seconds"] = JsonSerializer.SerializeToElement(delay) };
            var clock = Stopwatch.StartNew();
            var created = await service.CreateAsync(new CreateEnvironmentCommand("bench", name, Dag10Catalog.TemplateName, inputs, null, "bench"), cancellationToken);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(created.Problem!.Detail);
            }

            var id = EnvironmentId.Parse("bench", name);
            while (true)
            {
                var environment = await environments.FindAsync(id, cancellationToken);
                if (environment is { CurrentRunId: null } && EnvironmentStatusMachine.IsSettled(environment.Status))
                {
                    var after = records.Snapshot();
                    RecordRequests.Add((after.Reads - before.Reads, after.Writes - before.Writes, after.Conflicts - before.Conflicts));
                    return environment.Status == EnvironmentStatus.Ready
                        ? clock.Elapsed.TotalMilliseconds
                        : throw new InvalidOperationException($"{name} ended {environment.Status}: {environment.Failure?.Message}");
                }

                await Task.Delay(20, cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
