using System.Text.Json;
using EnvOrchestrator.Testing;
using Xunit.Abstractions;

namespace EnvOrchestrator.Mcp.Tests;

/// <summary>What an agent sees first: the tools and the catalog, through the SDK's client against the real service.</summary>
public sealed class TemplateToolsTests : IClassFixture<AzuriteFixture>, IClassFixture<McpService>
{
    private static readonly string[] Tools =
        ["create_environment", "destroy_environment", "environment_status", "explain_template", "extend_environment", "list_templates", "plan_environment"];

    private readonly AzuriteFixture _azurite;
    private readonly McpService _service;
    private readonly ITestOutputHelper _output;

    public TemplateToolsTests(AzuriteFixture azurite, McpService service, ITestOutputHelper output)
    {
        _azurite = azurite;
        _service = service;
        _output = output;
    }

    [Fact(Timeout = 60_000)]
    public async Task ListTools_Connected_NamesEveryToolWithItsInputSchema()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await _service.StartAsync(_azurite, _output);
        await using var client = await _service.ConnectAsync("agent-7", cts.Token);

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);

        Assert.Equal(Tools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
            Assert.Equal("object", t.ProtocolTool.InputSchema.GetProperty("type").GetString());
        });
        var create = tools.Single(t => t.Name == "create_environment").ProtocolTool;
        var required = create.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["name", "project", "template"], required);
        Assert.True(create.InputSchema.GetProperty("properties").TryGetProperty("inputs", out _));
        Assert.True(create.InputSchema.GetProperty("properties").TryGetProperty("ttl", out _));
        Assert.True(tools.Single(t => t.Name == "destroy_environment").ProtocolTool.Annotations?.DestructiveHint);
        Assert.True(tools.Single(t => t.Name == "environment_status").ProtocolTool.Annotations?.ReadOnlyHint);
    }

    [Fact(Timeout = 60_000)]
    public async Task ListTemplates_Project_ReturnsTheApisCatalog()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await _service.StartAsync(_azurite, _output);
        await using var client = await _service.ConnectAsync("agent-7", cts.Token);

        var templates = ToolAnswers.Value(await client.CallToolAsync("list_templates", new Dictionary<string, object?> { ["project"] = "team-a" }, cancellationToken: cts.Token));
        var (status, api) = await _service.SendApiAsync(HttpMethod.Get, "/api/templates?project=team-a", null, "agent-7", cts.Token);

        Assert.Equal(200, status);
        Assert.True(JsonElement.DeepEquals(api, templates), $"the API answered {api}, the tool {templates}");
        var cache = Assert.Single(templates.EnumerateArray(), t => t.GetProperty("name").GetString() == "cache-only");
        Assert.Equal(2, cache.GetProperty("resourceCount").GetInt32());
    }

    [Fact(Timeout = 60_000)]
    public async Task ExplainTemplate_WebStack_DescribesInputsResourcesOutputsAndLifetime()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await _service.StartAsync(_azurite, _output);
        await using var client = await _service.ConnectAsync("agent-7", cts.Token);

        var result = await client.CallToolAsync("explain_template", new Dictionary<string, object?> { ["template"] = "web-stack" }, cancellationToken: cts.Token);
        var details = ToolAnswers.Value(result);
        var text = ToolAnswers.Text(result);
        _output.WriteLine(text);

        Assert.Equal("1.0.0", details.GetProperty("version").GetString());
        Assert.Contains("- cache_sku (string; optional; default \"Basic\"; one of \"Basic\", \"Standard\"; only the listed values)", text, StringComparison.Ordinal);
        Assert.Contains("- delay_seconds (number; optional; default 2; from 0 to 120; may be set): Simulated provisioning time per resource", text, StringComparison.Ordinal);
        Assert.Contains("Resources (deployed in dependency order): network, cache, queue, bucket, frontend.", text, StringComparison.Ordinal);
        Assert.Contains("cache_key", text, StringComparison.Ordinal);
        Assert.Contains("Lifetime: default TTL ", text, StringComparison.Ordinal);
        var input = Assert.Single(details.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "cache_sku");
        Assert.Equal(JsonValueKind.Array, input.GetProperty("allowed").ValueKind);
        Assert.False(input.GetProperty("sensitive").GetBoolean());
    }

    [Fact(Timeout = 60_000)]
    public async Task ExplainTemplate_UnknownTemplate_ToolErrorWithTheApisProblem()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await _service.StartAsync(_azurite, _output);
        await using var client = await _service.ConnectAsync("agent-7", cts.Token);

        var problem = ToolAnswers.Problem(await client.CallToolAsync("explain_template", new Dictionary<string, object?> { ["template"] = "no-such-stack" }, cancellationToken: cts.Token));
        var (status, api) = await _service.SendApiAsync(HttpMethod.Get, "/api/templates/no-such-stack", null, "agent-7", cts.Token);

        Assert.Equal(404, status);
        ToolAnswers.SameProblem(api, problem);
    }
}
