using System.Diagnostics;
using System.Globalization;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Terraform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Benchmarks.Terraform;

/// <summary>
/// The runner's own cost: wall time of init+plan+apply of a one-resource module and reading its outputs through
/// <see cref="TerraformRunner"/> (init reuse off), minus the four bare terraform commands (init, plan, apply, output)
/// run by a shell script. Also the fast path the lifecycle uses (init reused, one apply, outputs from state). Both use the same
/// http state backend (ours, served in-process on loopback from the in-memory store), each run a fresh state address.
/// </summary>
internal sealed class TerraformBenchmark : IBenchmarkCommand
{
    private const string Module = """
        variable "value" {
          type = string
        }

        resource "terraform_data" "item" {
          input = var.value
        }

        output "value" {
          value = terraform_data.item.output
        }
        """;

    private const string BareScript = """
        set -e
        cd "$1/module"
        terraform init -input=false -json > /dev/null
        terraform plan -input=false -json -lock-timeout=60s -var-file=../inputs.tfvars.json -out=../plan.tfplan > /dev/null
        terraform apply -input=false -json -lock-timeout=60s ../plan.tfplan > /dev/null
        terraform output -json > /dev/null
        """;

    public string Name => "terraform";

    public string Description => "runner overhead per init+plan+apply+output over bare terraform (ms, median)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var runs = args.Count > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var count) ? count : 10;
        var root = Path.Combine(Path.GetTempPath(), "envorch-tf-bench", Guid.NewGuid().ToString("N")[..8]);
        var moduleDirectory = Path.Combine(root, "source");
        Directory.CreateDirectory(moduleDirectory);
        await File.WriteAllTextAsync(Path.Combine(moduleDirectory, "main.tf"), Module, cancellationToken);
        var scriptPath = Path.Combine(root, "bare.sh");
        await File.WriteAllTextAsync(scriptPath, BareScript, cancellationToken);

        await using var backend = await StartBackendAsync(cancellationToken);
        var state = backend.Services.GetRequiredService<TerraformStateBackend>();
        var baseAddress = new Uri(backend.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var runner = new TerraformRunner(
            Options.Create(new TerraformRunnerOptions
            {
                WorkRoot = Path.Combine(root, "runs"),

                // Like for like with the script, which inits every time; the fast path below reuses init.
                ReuseInit = false,

                // "--no-process-group" measures what starting Terraform through setsid costs.
                UseProcessGroup = OperatingSystem.IsLinux() && !args.Contains("--no-process-group"),
            }),
            TimeProvider.System,
            NullLogger<TerraformRunner>.Instance);

        var runnerTimes = new List<double>();
        var outsideTimes = new List<double>();
        var bareTimes = new List<double>();

        // One warm-up of each (page cache, JIT), then alternate so machine noise hits both sides alike.
        for (var i = -1; i < runs; i++)
        {
            var http = await NewStateAsync(state, baseAddress, "runner-" + (i + 1), cancellationToken);
            var clock = Stopwatch.StartNew();
            var result = await runner.ApplyAsync(
                new TerraformRunRequest(moduleDirectory, http) { Inputs = new Dictionary<string, TerraformValue> { ["value"] = TerraformValue.From("v" + i) } },
                NullTerraformEventSink.Instance,
                cancellationToken);
            var runnerMs = clock.Elapsed.TotalMilliseconds;
            if (result.Failure is { } failure)
            {
                await Console.Error.WriteLineAsync($"runner failed: {failure.Kind} {failure.Message}");
                return 1;
            }

            var bareMs = await RunBareAsync(root, scriptPath, moduleDirectory, await NewStateAsync(state, baseAddress, "bare-" + (i + 1), cancellationToken), i, cancellationToken);
            if (bareMs < 0)
            {
                return 1;
            }

            if (i >= 0)
            {
                runnerTimes.Add(runnerMs);

                // Time spent outside the sequential Terraform processes (show runs beside apply, so it is not summed).
                outsideTimes.Add(runnerMs - result.Commands.Where(c => c.Command != "show").Sum(c => c.Elapsed.TotalMilliseconds));
                bareTimes.Add(bareMs);
                var commands = string.Join(' ', result.Commands.Select(c => $"{c.Command}={c.Elapsed.TotalMilliseconds:F0}"));
                Console.WriteLine($"terraform.run.{i} runner_ms {runnerMs:F0} bare_ms {bareMs:F0} ({commands})");
            }
        }

        var fastTimes = await TimeFastPathAsync(root, moduleDirectory, state, baseAddress, runs, cancellationToken);
        Directory.Delete(root, recursive: true);
        Console.WriteLine($"terraform.fast_apply_ms_median {Median(fastTimes):F0}");
        var runnerMedian = Median(runnerTimes);
        var bareMedian = Median(bareTimes);
        Console.WriteLine($"terraform.runner_ms_median {runnerMedian:F0}");
        Console.WriteLine($"terraform.bare_ms_median {bareMedian:F0}");
        Console.WriteLine($"terraform.runner_outside_commands_ms_median {Median(outsideTimes):F0}");
        Console.WriteLine($"terraform.overhead_ms_per_run {runnerMedian - bareMedian:F0}");
        return 0;
    }

    /// <summary>What the lifecycle runs when no plan rule applies: init reused, one apply process, outputs from state.</summary>
    private static async Task<List<double>> TimeFastPathAsync(
        string root, string moduleDirectory, TerraformStateBackend state, Uri baseAddress, int runs, CancellationToken cancellationToken)
    {
        using var runner = new TerraformRunner(
            Options.Create(new TerraformRunnerOptions { WorkRoot = Path.Combine(root, "fast-runs") }), TimeProvider.System, NullLogger<TerraformRunner>.Instance);
        var times = new List<double>();
        for (var i = -1; i < runs; i++)
        {
            var http = await NewStateAsync(state, baseAddress, "fast-" + (i + 1), cancellationToken);
            var clock = Stopwatch.StartNew();
            var result = await runner.ApplyAsync(
                new TerraformRunRequest(moduleDirectory, http) { Inputs = new Dictionary<string, TerraformValue> { ["value"] = TerraformValue.From("f" + i) }, InspectPlan = false },
                NullTerraformEventSink.Instance,
                cancellationToken);
            if (result.Failure is not null)
            {
                throw new InvalidOperationException($"fast path failed: {result.Failure.Kind} {result.Failure.Message}");
            }

            if (i >= 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    private static async Task<WebApplication> StartBackendAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTerraformStateBackend(o =>
        {
            o.SigningKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
            o.Store = TerraformStateStoreKind.InMemory;
        });
        var app = builder.Build();
        app.MapTerraformStateBackend("/tfstate");
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static async Task<TerraformHttpBackend> NewStateAsync(TerraformStateBackend state, Uri baseAddress, string name, CancellationToken cancellationToken)
    {
        var address = TerraformStateAddress.Create("bench", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        await state.RegisterAsync(address, cancellationToken);
        var credentials = state.IssueCredentials(address, TimeSpan.FromHours(1));
        return new TerraformHttpBackend(new Uri(baseAddress, $"/tfstate/{address.Workspace}/{address.StateName}"), credentials.Username, credentials.Password);
    }

    /// <summary>The same directory layout and environment the runner makes, prepared untimed; only the script is timed.</summary>
    private static async Task<double> RunBareAsync(string root, string scriptPath, string moduleDirectory, TerraformHttpBackend http, int index, CancellationToken cancellationToken)
    {
        var run = Path.Combine(root, "bare", index.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(run, "module"));
        Directory.CreateDirectory(Path.Combine(run, "data"));
        File.Copy(Path.Combine(moduleDirectory, "main.tf"), Path.Combine(run, "module", "main.tf"));
        await File.WriteAllTextAsync(Path.Combine(run, "module", "backend_override.tf"), "terraform {\n  backend \"http\" {}\n}\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(run, "inputs.tfvars.json"), $"{{\"value\":\"b{index}\"}}", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(run, "cli.tfrc"), "# empty\n", cancellationToken);

        var startInfo = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardError = true };
        startInfo.ArgumentList.Add(scriptPath);
        startInfo.ArgumentList.Add(run);
        startInfo.Environment["TF_DATA_DIR"] = Path.Combine(run, "data");
        startInfo.Environment["TF_CLI_CONFIG_FILE"] = Path.Combine(run, "cli.tfrc");
        startInfo.Environment["CHECKPOINT_DISABLE"] = "1";
        startInfo.Environment["TF_IN_AUTOMATION"] = "1";
        startInfo.Environment["TF_INPUT"] = "0";
        startInfo.Environment["TF_HTTP_ADDRESS"] = http.Address.AbsoluteUri;
        startInfo.Environment["TF_HTTP_LOCK_ADDRESS"] = http.Address.AbsoluteUri;
        startInfo.Environment["TF_HTTP_UNLOCK_ADDRESS"] = http.Address.AbsoluteUri;
        startInfo.Environment["TF_HTTP_USERNAME"] = http.Username;
        startInfo.Environment["TF_HTTP_PASSWORD"] = http.Password;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync($"bare terraform failed ({process.ExitCode}): {await stderr}");
            return -1;
        }

        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
