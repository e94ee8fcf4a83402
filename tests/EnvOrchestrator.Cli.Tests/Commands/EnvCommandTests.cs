using System.Text.Json;
using EnvOrchestrator.Cli.Tests.Support;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary>
/// <c>envctl env …</c> against the real service: the demo's cache-only template (two terraform_data resources) in
/// project team-a, deployed and destroyed by real Terraform.
/// </summary>
public sealed class EnvCommandTests(ServiceFixture service, ITestOutputHelper output) : IClassFixture<ServiceFixture>
{
    private const string Project = "team-a";

    [Fact(Timeout = 150_000)]
    public async Task Create_WaitForCacheOnly_ReadyWithExitZeroAndJsonShapes()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var created = await envctl.RunAsync("env", "create", Project, "cli-ready", "--template", "cache-only@1.0.0", "--input", "delay_seconds=0", "--ttl", "1h", "--wait");
        var shown = await envctl.RunAsync("env", "show", Project, "cli-ready", "-o", "json");
        var outputs = await envctl.RunAsync("env", "outputs", Project, "cli-ready", "-o", "json");
        var listed = await envctl.RunAsync("env", "list", Project, "-o", "json");
        var again = await envctl.RunAsync("env", "create", Project, "cli-ready", "--template", "cache-only@1.0.0");
        var showHuman = await envctl.RunAsync("env", "show", Project, "cli-ready");
        var outputsHuman = await envctl.RunAsync("env", "outputs", Project, "cli-ready");
        var plan = await envctl.RunAsync("env", "plan", Project, "cli-ready", "--input", "delay_seconds=1", "-o", "json");
        var retry = await envctl.RunAsync("env", "retry", Project, "cli-ready");
        var cancel = await envctl.RunAsync("env", "cancel", Project, "cli-ready");

        Assert.True(created.ExitCode == 0, created.ToString());
        // One line per status change of each resource; how many working states a poll catches depends on timing.
        Assert.Matches(@"\d\d:\d\d:\d\d  ns\s+Pending", created.Out);
        Assert.Matches(@"\d\d:\d\d:\d\d  ns\s+Succeeded", created.Out);
        Assert.Matches(@"\d\d:\d\d:\d\d  cache\s+Succeeded", created.Out);
        Assert.Contains($"{Project}/cli-ready is Ready.", created.Out, StringComparison.Ordinal);
        Assert.Matches(@"hostname\s*[│|]\s*\S+", created.Out);

        Assert.Equal(0, shown.ExitCode);
        Assert.Equal("Ready", shown.Json.GetProperty("status").GetString());
        Assert.Equal("cache-only", shown.Json.GetProperty("template").GetString());
        Assert.Equal("cli-tests", shown.Json.GetProperty("createdBy").GetString());
        Assert.Equal(JsonValueKind.Null, shown.Json.GetProperty("currentRunId").ValueKind);
        Assert.Equal(["ns", "cache"], shown.Json.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.All(shown.Json.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Succeeded", r.GetProperty("status").GetString()));

        Assert.Equal(0, outputs.ExitCode);
        var hostname = outputs.Json.GetProperty("hostname");
        Assert.False(hostname.GetProperty("sensitive").GetBoolean());
        Assert.Equal(JsonValueKind.String, hostname.GetProperty("value").ValueKind);

        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(listed.Json.GetProperty("items").EnumerateArray(), e => e.GetProperty("name").GetString() == "cli-ready");
        Assert.True(listed.Json.TryGetProperty("continuationToken", out _));

        Assert.Equal(4, again.ExitCode);
        Assert.Contains("(HTTP 409, conflict)", again.Error, StringComparison.Ordinal);
        Assert.Contains("hint: Pick another name", again.Error, StringComparison.Ordinal);

        Assert.Equal(0, showHuman.ExitCode);
        Assert.Matches(@"status\s+Ready", showHuman.Out);
        Assert.Matches(@"template\s+cache-only@1\.0\.0", showHuman.Out);
        Assert.Matches(@"ns\s*[│|]\s*namespace@1\.0\.0\s*[│|]\s*1\.0\.0\s*[│|]\s*Succeeded\s*[│|]\s*1\s*[│|]", showHuman.Out);
        Assert.Matches(@"cache\s*[│|]\s*redis-cache@\^1\.2\s*[│|]\s*1\.2\.0\s*[│|]\s*Succeeded", showHuman.Out);
        Assert.Matches(@"hostname\s*[│|]\s*cli-ready-cache\.", outputsHuman.Out);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Equal(["ns", "cache"], plan.Json.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("resource").GetString()));
        Assert.All(plan.Json.GetProperty("resources").EnumerateArray(), r => Assert.True(r.TryGetProperty("action", out _)));

        // Nothing failed and nothing runs: the service refuses both, and envctl says conflict.
        Assert.Equal(4, retry.ExitCode);
        Assert.Equal(4, cancel.ExitCode);
    }

    [Fact(Timeout = 150_000)]
    public async Task Create_WaitForFailingFrontend_ExitsOneWithFailureAndHints()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var created = await envctl.RunAsync("env", "create", "shop", "cli-fails", "--template", "web-stack@1.0.0", "-i", "delay_seconds=0", "-i", "fail_frontend=true", "--wait");
        var logs = await envctl.RunAsync("env", "logs", "shop", "cli-fails", "--follow", "-o", "json");
        var retried = await envctl.RunAsync("env", "retry", "shop", "cli-fails", "--wait", "-o", "json");

        Assert.True(created.ExitCode == 1, created.ToString());
        Assert.Matches(@"frontend\s+Failed", created.Out);
        Assert.Contains("shop/cli-fails ended Failed.", created.Out, StringComparison.Ordinal);
        Assert.Contains("failure in resource frontend:", created.Out, StringComparison.Ordinal);
        Assert.Contains("envctl env retry shop cli-fails --wait", created.Out, StringComparison.Ordinal);

        Assert.Equal(1, logs.ExitCode);
        var events = logs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("step").GetString()!.StartsWith("frontend.", StringComparison.Ordinal));

        Assert.Equal(1, retried.ExitCode);
        Assert.Equal("Failed", retried.Json.GetProperty("status").GetString());
    }

    [Fact(Timeout = 150_000)]
    public async Task Destroy_WaitAfterExtend_DestroyedWithExitZero()
    {
        using var envctl = new Envctl(output, service.Endpoint);
        var created = await envctl.RunAsync("env", "create", Project, "cli-destroy", "-t", "cache-only", "--wait", "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var expiresBefore = created.Json.GetProperty("expiresAt").GetDateTimeOffset();

        var extended = await envctl.RunAsync("env", "extend", Project, "cli-destroy", "--by", "30m", "-o", "json");
        var extendedHuman = await envctl.RunAsync("env", "extend", Project, "cli-destroy", "--by", "30m");
        var logs = await envctl.RunAsync("env", "logs", Project, "cli-destroy", "--follow");
        var destroyed = await envctl.RunAsync("env", "destroy", Project, "cli-destroy", "--wait", "-o", "json");
        var list = await envctl.RunAsync("env", "list", Project, "--status", "Destroyed");

        Assert.Equal(0, extended.ExitCode);
        Assert.Equal(expiresBefore.AddMinutes(30), extended.Json.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(1, extended.Json.GetProperty("extensionCount").GetInt32());

        // cache-only allows one extension: the second is refused by its lifetime rule.
        Assert.Equal(2, extendedHuman.ExitCode);
        Assert.Contains("(HTTP 422, rule-violated)", extendedHuman.Error, StringComparison.Ordinal);

        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("ns.apply.1", logs.Out, StringComparison.Ordinal);
        Assert.Contains("(Deploy) Succeeded.", logs.Out, StringComparison.Ordinal);

        Assert.True(destroyed.ExitCode == 0, destroyed.ToString());
        Assert.Equal("Destroyed", destroyed.Json.GetProperty("status").GetString());
        Assert.All(destroyed.Json.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Destroyed", r.GetProperty("status").GetString()));
        Assert.Matches(@"cli-destroy\s*[│|]\s*Destroyed", list.Out);
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_InvalidName_ShowsFieldAndRuleAndExitsTwo()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("env", "create", Project, "Bad Name", "--template", "cache-only@1.0.0");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("error: The request is invalid (HTTP 400, invalid-request)", result.Error, StringComparison.Ordinal);
        Assert.Contains("field: name", result.Error, StringComparison.Ordinal);
        Assert.Contains("rule:  name.invalid", result.Error, StringComparison.Ordinal);
        Assert.Contains("hint: Correct 'name' and run the command again", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_InputAboveMaxAsJson_PrintsProblemJsonAndExitsTwo()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("env", "create", Project, "cli-bad-input", "--template", "cache-only", "--input", "delay_seconds=500", "-o", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal(400, result.ErrorJson.GetProperty("status").GetInt32());
        Assert.Equal("invalid-request", result.ErrorJson.GetProperty("code").GetString());
        Assert.StartsWith("inputs.delay_seconds", result.ErrorJson.GetProperty("field").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Show_UnknownEnvironment_ExitsThree()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("env", "show", Project, "no-such-env");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("(HTTP 404, not-found)", result.Error, StringComparison.Ordinal);
        Assert.Contains("hint: Check the names: envctl env list PROJECT", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_BadTtl_NamesTheDurationRule()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("env", "create", Project, "cli-bad-ttl", "--template", "cache-only", "--ttl", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rule:  value.invalid-duration", result.Error, StringComparison.Ordinal);
        Assert.Contains("hint: Give ttl as a duration such as 4h", result.Error, StringComparison.Ordinal);
    }
}
