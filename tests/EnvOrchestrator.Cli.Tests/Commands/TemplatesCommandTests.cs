using System.Text.Json;
using EnvOrchestrator.Cli.Tests.Support;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary><c>envctl templates list|show</c> against the real service and its demo catalog.</summary>
public sealed class TemplatesCommandTests(ServiceFixture service, ITestOutputHelper output) : IClassFixture<ServiceFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task List_Human_PrintsEveryTemplateInATable()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("templates", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("NAME", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"cache-only\s*[│|]\s*1\.0\.0\s*[│|]\s*2\s*[│|]", result.Out);
        Assert.Matches(@"web-stack\s*[│|]\s*1\.0\.0\s*[│|]\s*5\s*[│|]", result.Out);
        Assert.Empty(result.Error);
    }

    [Fact(Timeout = 60_000)]
    public async Task List_Json_PrintsTheApiArrayUnchanged()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("templates", "list", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(JsonValueKind.Array, result.Json.ValueKind);
        var cache = Assert.Single(result.Json.EnumerateArray(), t => t.GetProperty("name").GetString() == "cache-only");
        Assert.Equal("1.0.0", cache.GetProperty("version").GetString());
        Assert.Equal(2, cache.GetProperty("resourceCount").GetInt32());
        Assert.Equal(["name", "version", "description", "resourceCount", "status"], cache.EnumerateObject().Select(p => p.Name));
        Assert.Equal("active", cache.GetProperty("status").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task List_ProjectNotSharedWithTemplate_LeavesItOut()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("templates", "list", "--project", "other", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var names = result.Json.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("web-stack", names);
        Assert.DoesNotContain("cache-only", names);
    }

    [Fact(Timeout = 60_000)]
    public async Task Show_NameAtVersion_PrintsInputsWithRulesAndLifetime()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("templates", "show", "cache-only@1.0.0");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("cache-only@1.0.0", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"delay_seconds\s*[│|]\s*number\s*[│|]\s*no\s*[│|]\s*0\s*[│|]\s*>= 0; <= 120", result.Out);
        Assert.Contains("resources: ns, cache", result.Out, StringComparison.Ordinal);
        Assert.Contains("lifetime:  default 2h 0m, at most 8h 0m, 1 extension(s)", result.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Show_Json_PrintsTheTemplateDetails()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("templates", "show", "cache-only", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("cache-only", result.Json.GetProperty("name").GetString());
        var input = Assert.Single(result.Json.GetProperty("inputs").EnumerateArray());
        Assert.Equal("delay_seconds", input.GetProperty("name").GetString());
        Assert.Equal(120, input.GetProperty("max").GetDecimal());
        Assert.Equal(["ns", "cache"], result.Json.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["hostname"], result.Json.GetProperty("outputs").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Show_UnknownTemplate_ExitsThreeWithProblemAndHint()
    {
        using var envctl = new Envctl(output, service.Endpoint);

        var result = await envctl.RunAsync("templates", "show", "no-such-template");

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("error: Not found (HTTP 404, not-found)", result.Error, StringComparison.Ordinal);
        Assert.Contains("hint: See the templates you can use with: envctl templates list", result.Error, StringComparison.Ordinal);
    }
}
