using System.Globalization;
using System.Text.Json;
using EnvOrchestrator.Testing;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.Mcp.Tests;

/// <summary>
/// An agent gets an environment for its task and gives it back: real Terraform on the demo catalog's cache-only
/// template, with the API's guardrails (identity, request checks, refusals).
/// </summary>
public sealed class EnvironmentToolsTests : IClassFixture<AzuriteFixture>, IClassFixture<McpService>
{
    private const string Agent = "agent-7";

    private readonly AzuriteFixture _azurite;
    private readonly McpService _service;
    private readonly ITestOutputHelper _output;

    public EnvironmentToolsTests(AzuriteFixture azurite, McpService service, ITestOutputHelper output)
    {
        _azurite = azurite;
        _service = service;
        _output = output;
    }

    [Fact(Timeout = 90_000)]
    public async Task CreateStatusPlanExtendDestroy_CacheOnly_ReadyWithMaskedOutputsThenDestroyed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(80));
        await _service.StartAsync(_azurite, _output);
        await using var client = await _service.ConnectAsync(Agent, cts.Token);
        var environment = new Dictionary<string, object?> { ["project"] = "team-a", ["name"] = "mcp-cache" };

        var created = ToolAnswers.Value(await client.CallToolAsync("create_environment", new Dictionary<string, object?>(environment)
        {
            ["template"] = "cache-only@1.0.0",
            ["inputs"] = new Dictionary<string, object?> { ["delay_seconds"] = 0 },
            ["ttl"] = "1h",
        }, cancellationToken: cts.Token));
        var ready = await WaitUntilSettledAsync(client, environment, cts.Token);
        var plan = ToolAnswers.Value(await client.CallToolAsync("plan_environment", environment, cancellationToken: cts.Token));
        var extended = ToolAnswers.Value(await client.CallToolAsync("extend_environment", new Dictionary<string, object?>(environment) { ["by"] = "30m" }, cancellationToken: cts.Token));
        var destroying = ToolAnswers.Value(await client.CallToolAsync("destroy_environment", environment, cancellationToken: cts.Token));
        var destroyed = await WaitUntilSettledAsync(client, environment, cts.Token);

        Assert.Equal("Deploy", created.GetProperty("runKind").GetString());
        Assert.Equal(Agent, created.GetProperty("environment").GetProperty("createdBy").GetString());
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        Assert.All(ready.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Succeeded", r.GetProperty("status").GetString()));
        Assert.Equal(2, ready.GetProperty("resources").GetArrayLength());
        Assert.StartsWith("mcp-cache-cache", ready.GetProperty("outputs").GetProperty("hostname").GetProperty("value").GetString(), StringComparison.Ordinal);
        var cache = ready.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "cache");
        var key = cache.GetProperty("outputs").GetProperty("primary_key");
        Assert.True(key.GetProperty("sensitive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, key.GetProperty("value").ValueKind);
        Assert.InRange(TimeLeft(ready), TimeSpan.FromMinutes(55), TimeSpan.FromHours(1));
        Assert.Equal(1, extended.GetProperty("extensionCount").GetInt32());
        Assert.InRange(TimeLeft(extended) - TimeLeft(ready), TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(30));
        Assert.Equal(2, plan.GetProperty("resources").GetArrayLength());
        Assert.All(plan.GetProperty("resources").EnumerateArray(), r => Assert.Equal("no-op", r.GetProperty("action").GetString()));
        Assert.Equal("Destroy", destroying.GetProperty("runKind").GetString());
        Assert.Equal("Destroyed", destroyed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, destroyed.GetProperty("timeLeft").ValueKind);
        Assert.All(destroyed.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Destroyed", r.GetProperty("status").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task CreateEnvironment_BadName_ToolErrorWithTheApisFieldAndRuleAndNothingCreated()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await _service.StartAsync(_azurite, _output);
        await using var client = await _service.ConnectAsync(Agent, cts.Token);

        var result = await client.CallToolAsync("create_environment", new Dictionary<string, object?> { ["project"] = "team-b", ["name"] = "Bad Name", ["template"] = "cache-only" }, cancellationToken: cts.Token);
        var problem = ToolAnswers.Problem(result);
        var (status, api) = await _service.SendApiAsync(HttpMethod.Post, "/api/projects/team-b/environments", new { name = "Bad Name", template = "cache-only" }, Agent, cts.Token);
        var (_, listed) = await _service.SendApiAsync(HttpMethod.Get, "/api/projects/team-b/environments", null, Agent, cts.Token);

        Assert.Equal(400, status);
        ToolAnswers.SameProblem(api, problem);
        Assert.Equal("name", problem.GetProperty("field").GetString());
        Assert.Equal("name.invalid", problem.GetProperty("rule").GetString());
        Assert.Contains("(field: name, rule: name.invalid, code: invalid-request)", ToolAnswers.Text(result), StringComparison.Ordinal);
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
    }

    [Fact(Timeout = 60_000)]
    public async Task CreateEnvironment_UnacceptableUser_RefusedAsTheApiRefusesIt()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await _service.StartAsync(_azurite, _output);

        // The identity seam refuses a user name it cannot vouch for (here: too long); the API answers 401.
        var user = new string('x', 201);
        await using var client = await _service.ConnectAsync(user, cts.Token);
        var problem = ToolAnswers.Problem(await client.CallToolAsync("create_environment", new Dictionary<string, object?> { ["project"] = "team-b", ["name"] = "no-identity", ["template"] = "cache-only" }, cancellationToken: cts.Token));
        var (status, api) = await _service.SendApiAsync(HttpMethod.Post, "/api/projects/team-b/environments", new { name = "no-identity", template = "cache-only" }, user, cts.Token);
        var (_, listed) = await _service.SendApiAsync(HttpMethod.Get, "/api/projects/team-b/environments", null, Agent, cts.Token);

        Assert.Equal(401, status);
        ToolAnswers.SameProblem(api, problem);
        Assert.Equal("identity.required", problem.GetProperty("rule").GetString());
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), e => e.GetProperty("name").GetString() == "no-identity");
    }

    [Fact(Timeout = 60_000)]
    public async Task EnvironmentStatus_WithoutUser_AnsweredAsTheApiAnswersIt()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await _service.StartAsync(_azurite, _output);

        // Without X-EnvOrch-User the seam names the caller "anonymous" and the access policy decides; today's default
        // policy lets it read, so both answer the same not-found, and a stricter policy would refuse both alike.
        await using var client = await _service.ConnectAsync(user: null, cts.Token);
        var problem = ToolAnswers.Problem(await client.CallToolAsync("environment_status", new Dictionary<string, object?> { ["project"] = "team-b", ["name"] = "nobody-home" }, cancellationToken: cts.Token));
        var (status, api) = await _service.SendApiAsync(HttpMethod.Get, "/api/projects/team-b/environments/nobody-home", null, user: null, cts.Token);

        Assert.Equal(404, status);
        ToolAnswers.SameProblem(api, problem);
    }

    private static TimeSpan TimeLeft(JsonElement environment) =>
        TimeSpan.Parse(environment.GetProperty("timeLeft").GetString()!, CultureInfo.InvariantCulture);

    private async Task<JsonElement> WaitUntilSettledAsync(McpClient client, Dictionary<string, object?> environment, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = ToolAnswers.Value(await client.CallToolAsync("environment_status", environment, cancellationToken: cancellationToken));
            if (status.GetProperty("settled").GetBoolean())
            {
                _output.WriteLine(status.GetRawText());
                return status;
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
