using System.Text.Json;
using EnvOrchestrator.Integrations.Tests.Support;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Integrations.Tests.GitHubAction;

/// <summary>The GitHub Action's script run by Node as the runner runs it, against the real service.</summary>
public sealed class PullRequestEnvironmentTests(ServiceFixture service, ITestOutputHelper output) : IClassFixture<ServiceFixture>
{
    // cache-only is shared with team-a and team-b only; web-stack with every project.
    private const string CacheProject = "team-a";
    private const string Project = "shop";

    private string Endpoint => service.Endpoint.ToString().TrimEnd('/');

    [Fact(Timeout = 120_000)]
    public async Task PullRequest_OpenedSynchronizedClosed_ReadyWithOutputsUpdatedThenDestroyed()
    {
        using var runner = new ActionRunner(service.Endpoint, output);
        using var api = new EnvironmentClient(service.Endpoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(110));
        runner.Inputs["project"] = CacheProject;
        runner.Inputs["template"] = "cache-only@1.0.0";
        runner.Inputs["inputs"] = "delay_seconds: 0";
        runner.Inputs["ttl"] = "2h";
        runner.Inputs["poll-interval"] = "500ms";
        runner.Inputs["wait-timeout"] = "90s";

        var opened = await runner.RunAsync("pull_request", ActionRunner.PullRequestEvent("opened", 101), cts.Token);
        var ready = await api.GetAsync(CacheProject, "pr-101", cts.Token);
        runner.Inputs["inputs"] = """{"delay_seconds": 1}""";
        var synchronized = await runner.RunAsync("pull_request", ActionRunner.PullRequestEvent("synchronize", 101), cts.Token);
        var updated = await api.GetAsync(CacheProject, "pr-101", cts.Token);
        var closed = await runner.RunAsync("pull_request", ActionRunner.PullRequestEvent("closed", 101), cts.Token);
        var destroyed = await api.GetAsync(CacheProject, "pr-101", cts.Token);

        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, ready.GetProperty("currentRunId").ValueKind);
        var hostname = ready.GetProperty("outputs").GetProperty("hostname").GetProperty("value").GetString();
        Assert.StartsWith("pr-101-cache.", hostname, StringComparison.Ordinal);
        Assert.Equal(hostname, opened.Outputs["hostname"]);
        Assert.Equal($$"""{"hostname":"{{hostname}}"}""", opened.Outputs["outputs"]);
        Assert.Equal("pr-101", opened.Outputs["environment-name"]);
        Assert.Equal("Ready", opened.Outputs["environment-status"]);
        Assert.Equal($"{Endpoint}/api/projects/{CacheProject}/environments/pr-101", opened.Outputs["environment-url"]);
        Assert.Equal(2, ready.GetProperty("resources").GetArrayLength());
        Assert.NotEmpty(SensitiveOutputNames(ready));
        foreach (var sensitive in SensitiveOutputNames(ready))
        {
            Assert.False(opened.Outputs.ContainsKey(sensitive), $"sensitive output {sensitive} was exported:\n{opened.OutputText}");
        }

        Assert.Contains("## ✅ Environment `pr-101` is Ready", opened.Summary, StringComparison.Ordinal);
        Assert.Contains("| Resource | Template | Version | Status | Applies |", opened.Summary, StringComparison.Ordinal);
        Assert.Contains("| ns | namespace@1.0.0 | 1.0.0 | Succeeded | 1 |", opened.Summary, StringComparison.Ordinal);
        Assert.Matches(@"\| cache \| redis-cache@\^1\.2 \| 1\.\d+\.\d+ \| Succeeded \| 1 \|", opened.Summary);
        Assert.Contains($"| `hostname` | {hostname} |", opened.Summary, StringComparison.Ordinal);
        Assert.Contains($"[API]({opened.Outputs["environment-url"]})", opened.Summary, StringComparison.Ordinal);
        Assert.Contains($"[environment]({Endpoint}/#/projects/{CacheProject}/environments/pr-101)", opened.Summary, StringComparison.Ordinal);

        Assert.True(synchronized.ExitCode == 0, synchronized.ToString());
        Assert.Contains("Updating pr-101", synchronized.Log, StringComparison.Ordinal);
        Assert.Equal("Ready", updated.GetProperty("status").GetString());
        Assert.Equal(1, updated.GetProperty("inputs").GetProperty("delay_seconds").GetProperty("value").GetInt32());
        Assert.All(updated.GetProperty("resources").EnumerateArray(), r => Assert.Equal(2, r.GetProperty("applyCount").GetInt32()));
        Assert.Equal(ready.GetProperty("expiresAt").GetString(), updated.GetProperty("expiresAt").GetString());

        Assert.True(closed.ExitCode == 0, closed.ToString());
        Assert.Equal("Destroyed", closed.Outputs["environment-status"]);
        Assert.Equal("Destroyed", destroyed.GetProperty("status").GetString());
        Assert.All(destroyed.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Destroyed", r.GetProperty("status").GetString()));
        Assert.Contains("Environment `pr-101` is Destroyed", closed.Summary, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task PullRequest_OpenedWithFailingFrontend_ExitsNonZeroNamingFailure()
    {
        using var runner = new ActionRunner(service.Endpoint, output);
        using var api = new EnvironmentClient(service.Endpoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(110));
        runner.Inputs["project"] = Project;
        runner.Inputs["template"] = "web-stack@1.0.0";
        runner.Inputs["inputs"] = """{"delay_seconds": 0, "fail_frontend": true}""";
        runner.Inputs["poll-interval"] = "500ms";
        runner.Inputs["wait-timeout"] = "90s";

        var opened = await runner.RunAsync("pull_request", ActionRunner.PullRequestEvent("opened", 102), cts.Token);
        var failed = await api.GetAsync(Project, "pr-102", cts.Token);

        Assert.True(opened.ExitCode == 1, opened.ToString());
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("::error title=Environment pr-102 is Failed::", opened.Log, StringComparison.Ordinal);
        Assert.Contains("resource: frontend", opened.Log, StringComparison.Ordinal);
        Assert.Matches(@"log: +http://127\.0\.0\.1:\d+/api/projects/shop/environments/pr-102/runs/[^/]+/logs \(step frontend\.apply\.\d\)", opened.Log);
        Assert.Contains("simulated failure of pr-102-web", opened.Log, StringComparison.Ordinal);
        Assert.Equal("Failed", opened.Outputs["environment-status"]);
        Assert.False(opened.Outputs.ContainsKey("url"));
        Assert.Contains("## ❌ Environment `pr-102` is Failed", opened.Summary, StringComparison.Ordinal);
        Assert.Matches(@"\| frontend \| load-balancer@\^1 \| [^|]* \| Failed: ", opened.Summary);
    }

    /// <summary>Every output the service marks sensitive, of the environment and of its resources.</summary>
    private static IEnumerable<string> SensitiveOutputNames(JsonElement environment) =>
        environment.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("outputs"))
            .Append(environment.GetProperty("outputs"))
            .SelectMany(outputs => outputs.EnumerateObject())
            .Where(o => o.Value.GetProperty("sensitive").GetBoolean())
            .Select(o => o.Name);
}
