using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>
/// The service the death tests kill with SIGKILL: a process of its own (this test assembly started with
/// <see cref="Verb"/>) that runs applies through a real <see cref="TerraformRunner"/>, as the orchestrator's host does.
/// </summary>
internal static class FakeService
{
    public const string Verb = "fake-service";

    /// <summary>The entry point in the child process.</summary>
    public static async Task<int> RunAsync(string configFile)
    {
        var config = JsonSerializer.Deserialize<FakeServiceConfig>(await File.ReadAllTextAsync(configFile))!;
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug));
        var options = new TerraformRunnerOptions
        {
            WorkRoot = config.WorkRoot,
            TerraformPath = config.TerraformPath,
            UseParentDeathSignal = config.UseParentDeathSignal,
            HttpRetryMax = config.HttpRetryMax,
            HttpRetryWaitMin = TimeSpan.FromSeconds(1),
            HttpRetryWaitMax = TimeSpan.FromSeconds(config.HttpRetryWaitMaxSeconds),
            OrphanDrain = TimeSpan.FromSeconds(config.OrphanDrainSeconds),
        };
        using var runner = new TerraformRunner(Options.Create(options), TimeProvider.System, loggerFactory.CreateLogger<TerraformRunner>());

        // The test kills this process long before; the limit only keeps a lost one from living on.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var applies = config.Runs.Select(run => runner.ApplyAsync(
            new TerraformRunRequest(config.Module, new TerraformHttpBackend(new Uri(run.Address), run.Username, run.Password))
            {
                RunId = run.RunId,
                Inputs = run.Inputs.ToDictionary(i => i.Key, i => TerraformValue.From(i.Value)),
                EnvironmentVariables = run.EnvironmentVariables,
                InspectPlan = false,
            },
            NullTerraformEventSink.Instance,
            limit.Token)).ToList();
        foreach (var result in await Task.WhenAll(applies))
        {
            Console.WriteLine($"finished: {result.Failure?.Kind.ToString() ?? "succeeded"}");
        }

        return 0;
    }

    /// <summary>Starts the service as a child of the test process; its output goes to the test output.</summary>
    public static Process Start(FakeServiceConfig config, string configFile, ITestOutputHelper output)
    {
        File.WriteAllText(configFile, JsonSerializer.Serialize(config));
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host, [typeof(FakeService).Assembly.Location, Verb, configFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start };
        void Forward(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                try
                {
                    output.WriteLine("[service] " + line);
                }
                catch (InvalidOperationException)
                {
                    // The test has already finished.
                }
            }
        }

        process.OutputDataReceived += Forward;
        process.ErrorDataReceived += Forward;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

internal sealed record FakeServiceConfig(
    string WorkRoot,
    string TerraformPath,
    string Module,
    bool UseParentDeathSignal,
    int HttpRetryMax,
    int HttpRetryWaitMaxSeconds,
    int OrphanDrainSeconds,
    IReadOnlyList<FakeServiceRun> Runs);

internal sealed record FakeServiceRun(
    string RunId,
    string Address,
    string Username,
    string Password,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> EnvironmentVariables);
