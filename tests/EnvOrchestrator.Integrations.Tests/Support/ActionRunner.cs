using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using EnvOrchestrator.Testing;
using Xunit.Abstractions;

namespace EnvOrchestrator.Integrations.Tests.Support;

/// <summary>
/// Runs the action's <c>dist/index.js</c> with Node as the Actions runner does: every input as <c>INPUT_&lt;NAME&gt;</c>
/// (defaults from action.yml filled in), the event in a file named by <c>GITHUB_EVENT_PATH</c>, and fresh
/// <c>GITHUB_OUTPUT</c> and <c>GITHUB_STEP_SUMMARY</c> files per step.
/// </summary>
internal sealed class ActionRunner(Uri endpoint, ITestOutputHelper output) : IDisposable
{
    public static readonly string ActionFolder = Path.Combine(RepositoryPaths.Root, "integrations", "github-action");

    private readonly DirectoryInfo _workspace = Directory.CreateTempSubdirectory("envorch-action-");
    private int _steps;

    /// <summary>The inputs as action.yml declares them, with its defaults (user as the runner evaluates github.actor).</summary>
    public Dictionary<string, string> Inputs { get; } = new(StringComparer.Ordinal)
    {
        ["endpoint"] = endpoint.ToString().TrimEnd('/'),
        ["project"] = "",
        ["template"] = "",
        ["inputs"] = "",
        ["ttl"] = "",
        ["name"] = "",
        ["mode"] = "auto",
        ["wait-timeout"] = "20m",
        ["poll-interval"] = "5s",
        ["user"] = "octocat",
        ["token"] = "",
    };

    public static object PullRequestEvent(string action, int number) => new
    {
        action,
        number,
        pull_request = new { number, state = action == "closed" ? "closed" : "open", merged = false, head = new { @ref = "feature/x" }, @base = new { @ref = "main" } },
        repository = new { full_name = "acme/shop" },
    };

    public async Task<ActionResult> RunAsync(string eventName, object payload, CancellationToken cancellationToken)
    {
        var step = Directory.CreateDirectory(Path.Combine(_workspace.FullName, $"step{++_steps}")).FullName;
        var (eventPath, outputPath, summaryPath) = (Path.Combine(step, "event.json"), Path.Combine(step, "output"), Path.Combine(step, "summary.md"));
        await File.WriteAllTextAsync(eventPath, JsonSerializer.Serialize(payload), cancellationToken);
        await File.WriteAllTextAsync(outputPath, "", cancellationToken);
        await File.WriteAllTextAsync(summaryPath, "", cancellationToken);

        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_OUTPUT"] = outputPath,
            ["GITHUB_STEP_SUMMARY"] = summaryPath,
            ["GITHUB_ACTOR"] = "octocat",
            ["GITHUB_REPOSITORY"] = "acme/shop",
            ["GITHUB_RUN_ID"] = Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GITHUB_RUN_ATTEMPT"] = "1",
        };
        foreach (var (name, value) in Inputs)
        {
            variables[$"INPUT_{name.Replace(' ', '_').ToUpperInvariant()}"] = value;
        }

        var result = await Cli.Wrap("node")
            .WithArguments([Path.Combine(ActionFolder, "dist", "index.js")])
            .WithWorkingDirectory(step)
            .WithEnvironmentVariables(variables)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken);
        output.WriteLine($"$ node dist/index.js ({eventName}) exited {result.ExitCode} after {result.RunTime.TotalSeconds:0.0}s\n{result.StandardOutput}{result.StandardError}");

        var outputText = await File.ReadAllTextAsync(outputPath, cancellationToken);
        return new ActionResult(
            result.ExitCode,
            result.StandardOutput + result.StandardError,
            outputText,
            OutputFile.Parse(outputText),
            await File.ReadAllTextAsync(summaryPath, cancellationToken));
    }

    public void Dispose() => _workspace.Delete(recursive: true);
}

internal sealed record ActionResult(int ExitCode, string Log, string OutputText, IReadOnlyDictionary<string, string> Outputs, string Summary)
{
    public override string ToString() => $"exit {ExitCode}\n{Log}\n--- GITHUB_OUTPUT ---\n{OutputText}\n--- summary ---\n{Summary}";
}
