using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Benchmarks.Service;
using Microsoft.Extensions.Logging.Abstractions;
using static EnvOrchestrator.Benchmarks.BenchArgs;

namespace EnvOrchestrator.Benchmarks.Chaos;

/// <summary>
/// Crash recovery of the real service. Each run starts the built service as a child process on a fresh task hub,
/// tables, state container and work root (one in-memory Azurite for all runs), with a copy of the demo catalog whose
/// modules write every create and destroy to a trace file. It deploys a <c>web-stack</c> and a <c>cache-only</c>
/// environment, SIGKILLs the service process alone at a random moment, restarts it on the same port and waits for
/// both to settle; then destroys both, kills and restarts it again the same way, and waits again. After each phase
/// it checks from outside: each environment settled as asked (Ready, then Destroyed), each resource created once
/// (trace), no held state lock (lock blobs), no process left in the work root, no run folder left, no run
/// orchestration unfinished. Options: <c>--runs N</c> (3), <c>--delay S</c> (2, the demo's provisioning time per
/// resource), <c>--seed N</c>, <c>--timeout S</c> (per phase, 120), <c>--service PATH</c>, <c>--service-defaults</c>
/// (the service's own timings instead of the end-to-end tests'), <c>--set Key=Value</c> (any service setting, repeatable),
/// <c>--keep</c> (keep the temporary folders), <c>--no-fail</c> (exit 0 even when a run is not clean).
/// </summary>
internal sealed class ChaosBenchmark : IBenchmarkCommand
{
    private const string Project = "team-a";

    /// <summary>
    /// The end-to-end kill test's timings (tests/EnvOrchestrator.Hosting.Tests/EndToEnd: ServiceSettings and
    /// KillRestartTests): the shortest work-item visibility the runtime accepts, so an interrupted step comes back soon.
    /// </summary>
    private static readonly Dictionary<string, string> TestTimings = new(StringComparer.Ordinal)
    {
        ["TaskHub:MaxQueuePollingInterval"] = "00:00:00.200",
        ["TaskHub:WorkItemVisibilityTimeout"] = "00:00:10",
        ["Terraform:GracePeriod"] = "00:00:05",
        ["Terraform:LockTimeout"] = "00:00:05",
        ["Lifecycle:InterruptedLockWait"] = "00:05:00",
    };

    public string Name => "chaos";

    public string Description => "the real service SIGKILLed mid-deploy and mid-destroy and restarted: convergence, duplicate applies, locks (--runs N, --seed N, --delay S)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var runs = Int(args, "--runs", 3);
        var delay = Int(args, "--delay", 2);
        var seed = Int(args, "--seed", Random.Shared.Next(1, 1_000_000));
        var timeout = TimeSpan.FromSeconds(Int(args, "--timeout", 120));
        var keep = Flag(args, "--keep");
        var overrides = Flag(args, "--service-defaults") ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(TestTimings, StringComparer.Ordinal);
        for (var i = 0; i < args.Count - 1; i++)
        {
            // --set Key=Value: any service setting, e.g. --set TaskHub:WorkerId=chaos to keep partition leases across restarts.
            if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                overrides[key] = value;
            }
        }

        var assembly = ServiceUnderTest.FindAssembly(Text(args, "--service"));
        var random = new Random(seed);

        Print("chaos.load_average", LoadAverage());
        Print("chaos.service", $"{assembly} (built {File.GetLastWriteTimeUtc(assembly):yyyy-MM-dd HH:mm:ss} UTC)");
        Print("chaos.seed", seed);
        Print("chaos.shape", $"runs={runs} environments=web-stack+cache-only delay_seconds={delay} phase_timeout_s={timeout.TotalSeconds:0}");
        Print("chaos.service_settings", overrides.Count == 0 ? "service defaults" : string.Join(' ', overrides.Select(o => $"{o.Key}={o.Value}")));

        var clock = Stopwatch.StartNew();
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { InMemory = true }, NullLogger.Instance, cancellationToken);
        var results = new List<RunResult>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await RunOnceAsync(run, assembly, azurite.ConnectionString, overrides, delay, timeout, random, keep, cancellationToken);
            results.Add(result);
        }

        var phases = results.SelectMany(r => r.Phases).ToList();
        Print("chaos.elapsed_s", clock.Elapsed.TotalSeconds, "0");
        Print("chaos.kills", phases.Count);
        Print("chaos.kills_while_busy", phases.Count(p => p.BusyAtKill));
        Print("chaos.missing_applies", results.Sum(r => r.MissingCreates));
        Print("chaos.leaked_resources", results.Sum(r => r.LeakedResources));
        Print("chaos.duplicate_destroys", results.Sum(r => r.DuplicateDestroys));
        Print("chaos.leaked_processes", phases.Sum(p => p.Processes));
        Print("chaos.leftover_run_folders", phases.Sum(p => p.RunFolders));
        Print("chaos.stuck_orchestrations", phases.Sum(p => p.StuckOrchestrations));
        Print("chaos.recovery_s_median", Median(phases.Where(p => p.Converged).Select(p => p.RecoverySeconds)), "0.0");
        Print("chaos.duplicate_applies", results.Sum(r => r.DuplicateCreates));
        Print("chaos.leaked_locks", phases.Sum(p => p.Locks));
        Print("chaos.recovery_s_max", phases.Count == 0 ? 0 : phases.Max(p => p.RecoverySeconds), "0.0");
        Print("chaos.converged", string.Create(CultureInfo.InvariantCulture, $"{results.Count(r => r.Converged)}/{runs}"));
        // Exit code 1 unless every run is clean, so CI can gate on it; --no-fail only reports.
        return results.All(r => r.Clean) || Flag(args, "--no-fail") ? 0 : 1;
    }

    private static async Task<RunResult> RunOnceAsync(
        int run, string assembly, string storage, Dictionary<string, string> overrides, int delay, TimeSpan timeout, Random random, bool keep, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory($"envorch-bench-chaos-{run}-").FullName;
        var trace = Path.Combine(root, "trace.log");
        var catalog = Path.Combine(root, "catalog");
        TracedDemoCatalog.Write(catalog, trace);
        var settings = new Dictionary<string, string>(overrides, StringComparer.Ordinal) { ["EnvOrchestrator:CatalogPath"] = catalog };
        var prefix = $"chaos.run{run}";
        var result = new RunResult();
        var service = new ServiceUnderTest(assembly, root, storage, string.Create(CultureInfo.InvariantCulture, $"chaos{Environment.ProcessId}r{run}"), settings);
        try
        {
            Print(prefix + ".folder", root);
            Print(prefix + ".start_s", (await service.StartAsync(timeout, cancellationToken)).TotalSeconds, "0.0");
            using var api = new ServiceApi(() => service.BaseAddress);
            (string Name, string Template)[] environments = [($"web-{run}", "web-stack"), ($"cache-{run}", "cache-only")];

            // Deploy: web-stack is 3 waves of plan + apply with `delay` s of provisioning each; kill inside that.
            foreach (var (name, template) in environments)
            {
                var (accepted, answer) = await api.CreateAsync(Project, new { name, template = template + "@1.0.0", inputs = new { delay_seconds = delay } }, cancellationToken);
                if (!accepted)
                {
                    throw new InvalidOperationException($"create {name} answered {answer}");
                }
            }

            var deploy = await KillRestartAndWaitAsync(
                prefix + ".deploy", service, api, environments, "Ready", 0.5 + random.NextDouble() * 3 * (delay + 1), timeout, cancellationToken);
            result.Phases.Add(deploy);

            var lines = Trace(trace);
            foreach (var (name, template) in environments)
            {
                foreach (var (module, suffix) in TracedDemoCatalog.Resources[template])
                {
                    var creates = lines.Count(l => l.Length >= 4 && l[0] == "create" && l[1] == module && l[2] == name + suffix);
                    result.DuplicateCreates += Math.Max(0, creates - 1);
                    result.MissingCreates += deploy.Converged && creates == 0 ? 1 : 0;
                    if (creates != 1)
                    {
                        Print($"{prefix}.deploy.creates.{module}.{name}{suffix}", creates);
                    }
                }
            }

            // Destroy: 3 waves of destroy without provisioning time.
            foreach (var (name, _) in environments)
            {
                var (accepted, answer) = await api.DestroyAsync(Project, name, cancellationToken);
                if (!accepted)
                {
                    Print($"{prefix}.destroy.refused.{name}", answer.ReplaceLineEndings(" "));
                }
            }

            var destroy = await KillRestartAndWaitAsync(
                prefix + ".destroy", service, api, environments, "Destroyed", 0.2 + random.NextDouble() * 5, timeout, cancellationToken);
            result.Phases.Add(destroy);

            lines = Trace(trace);
            var created = lines.Where(l => l.Length >= 4 && l[0] == "create").Select(l => l[3]).ToList();
            var destroyed = lines.Where(l => l.Length >= 3 && l[0] == "destroy").GroupBy(l => l[2]).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            result.LeakedResources = created.Distinct(StringComparer.Ordinal).Count(id => !destroyed.ContainsKey(id));
            result.DuplicateDestroys = destroyed.Values.Sum(c => Math.Max(0, c - 1));
            Print(prefix + ".trace", $"creates={created.Count} destroys={destroyed.Values.Sum()} leaked={result.LeakedResources}");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            Print(prefix + ".error", e.Message.ReplaceLineEndings(" "));
            result.Error = true;
        }
        finally
        {
            await service.DisposeAsync();
            ServiceLeftovers.KillProcessesIn(service.WorkRoot);
        }

        Print(prefix + ".converged", result.Converged ? "yes" : "no");
        if (!result.Clean || keep)
        {
            Print(prefix + ".kept", $"{root} (service log: {service.LogPath}, trace: {trace})");
        }
        else
        {
            TryDelete(root);
        }

        return result;
    }

    /// <summary>
    /// Waits <paramref name="killAfterSeconds"/>, SIGKILLs the service alone, restarts it and waits until every
    /// environment has settled; then the outside checks.
    /// </summary>
    private static async Task<PhaseResult> KillRestartAndWaitAsync(
        string prefix, ServiceUnderTest service, ServiceApi api, (string Name, string Template)[] environments, string expected,
        double killAfterSeconds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var phase = new PhaseResult();
        await Task.Delay(TimeSpan.FromSeconds(killAfterSeconds), cancellationToken);
        var before = new List<string>();
        foreach (var (name, _) in environments)
        {
            var environment = await api.TryGetAsync(Project, name, cancellationToken);
            before.Add($"{name}={(environment is { } e ? ServiceApi.Status(e) + (ServiceApi.IsSettledIn(e, expected) ? "(settled)" : string.Empty) : "?")}");
            phase.BusyAtKill |= environment is not { } seen || !ServiceApi.IsSettledIn(seen, expected);
        }

        var terraformAtKill = ServiceLeftovers.ProcessesIn(service.WorkRoot).Count(p => p.Contains("terraform", StringComparison.Ordinal));
        service.Kill();
        Print(prefix + ".kill", string.Create(CultureInfo.InvariantCulture, $"after {killAfterSeconds:0.0} s; {string.Join(' ', before)}; terraform processes {terraformAtKill}"));

        var restart = Stopwatch.StartNew();
        Print(prefix + ".restart_s", (await service.StartAsync(timeout, cancellationToken)).TotalSeconds, "0.0");
        var settled = new Dictionary<string, string>(StringComparer.Ordinal);
        while (settled.Count < environments.Length && restart.Elapsed < timeout)
        {
            foreach (var (name, _) in environments.Where(e => !settled.ContainsKey(e.Name)))
            {
                if (await api.TryGetAsync(Project, name, cancellationToken) is { } environment
                    && environment.GetProperty("currentRunId").ValueKind == JsonValueKind.Null
                    && ServiceApi.Status(environment) is "Ready" or "Destroyed" or "Failed" or "Cancelled")
                {
                    settled[name] = ServiceApi.Status(environment);
                }
            }

            await Task.Delay(250, cancellationToken);
        }

        phase.RecoverySeconds = restart.Elapsed.TotalSeconds;
        phase.Converged = environments.All(e => settled.GetValueOrDefault(e.Name) == expected);
        Print(prefix + ".settled", string.Join(' ', environments.Select(e => $"{e.Name}={settled.GetValueOrDefault(e.Name, "unsettled")}")));
        Print(prefix + ".recovery_s", phase.RecoverySeconds, "0.0");

        // Run orchestrations end right after their last activity recorded the outcome: give them a moment.
        var unfinished = await WaitForRunOrchestrationsAsync(service, TimeSpan.FromSeconds(30), cancellationToken);
        phase.StuckOrchestrations = unfinished.Count;
        var locks = await ServiceLeftovers.HeldLocksAsync(service, cancellationToken);
        var processes = ServiceLeftovers.ProcessesIn(service.WorkRoot);
        var folders = ServiceLeftovers.RunFolders(service.WorkRoot);
        (phase.Locks, phase.Processes, phase.RunFolders) = (locks.Count, processes.Count, folders.Count);
        Report(prefix + ".held_lock", locks);
        Report(prefix + ".process_left", processes);
        Report(prefix + ".run_folder_left", folders);
        Report(prefix + ".unfinished_orchestration", unfinished);
        return phase;
    }

    /// <summary>Unfinished orchestrations other than the per-environment lifetime timers, once they had <paramref name="grace"/> to end.</summary>
    private static async Task<List<string>> WaitForRunOrchestrationsAsync(ServiceUnderTest service, TimeSpan grace, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var unfinished = (await ServiceLeftovers.UnfinishedInstancesAsync(service, cancellationToken))
                .Where(i => !i.Split(' ')[0].EndsWith(":lifetime", StringComparison.Ordinal))
                .ToList();
            if (unfinished.Count == 0 || clock.Elapsed > grace)
            {
                return unfinished;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static List<string[]> Trace(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))] : [];

    private static void Report(string metric, List<string> items)
    {
        foreach (var item in items)
        {
            Print(metric, item.ReplaceLineEndings(" "));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A process that was killed a moment ago may still be writing; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // Run folders are 0700 and may hold read-only provider files; leave them to the OS.
        }
    }

    private sealed class PhaseResult
    {
        public bool BusyAtKill { get; set; }

        public bool Converged { get; set; }

        public double RecoverySeconds { get; set; }

        public int Locks { get; set; }

        public int Processes { get; set; }

        public int RunFolders { get; set; }

        public int StuckOrchestrations { get; set; }
    }

    private sealed class RunResult
    {
        public List<PhaseResult> Phases { get; } = [];

        public int DuplicateCreates { get; set; }

        public int MissingCreates { get; set; }

        public int LeakedResources { get; set; }

        public int DuplicateDestroys { get; set; }

        public bool Error { get; set; }

        public bool Converged => !Error && Phases.Count == 2 && Phases.TrueForAll(p => p.Converged);

        public bool Clean => Converged && DuplicateCreates == 0 && MissingCreates == 0 && LeakedResources == 0
            && Phases.TrueForAll(p => p.Locks == 0 && p.Processes == 0 && p.RunFolders == 0 && p.StuckOrchestrations == 0);
    }
}
