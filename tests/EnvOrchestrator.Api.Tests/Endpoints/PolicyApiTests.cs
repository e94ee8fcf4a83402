using System.Net;
using System.Text.Json;

namespace EnvOrchestrator.Api.Tests.Endpoints;

/// <summary>Advisory policy results on the run and environment views (the lifecycle tests' catalog: tag-advice applies to project "loose").</summary>
[Collection(ApiHostGroup.Name)]
public sealed class PolicyApiTests(ApiHost host)
{
    [Fact(Timeout = 120_000)]
    public async Task CreateThenGet_AdvisoryViolations_ReturnedOnRunAndEnvironmentViews()
    {
        using var created = await host.CreateAsync("loose", new { name = "advised", template = "tagged", ttl = "3h", inputs = new { tags = new { owner = "alice" } } });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var admitted = Assert.Single((await ApiHost.ReadJsonAsync(created)).GetProperty("run").GetProperty("policyResults").EnumerateArray());
        Assert.Equal("maxTtl", admitted.GetProperty("rule").GetString());
        Assert.Equal(JsonValueKind.Null, admitted.GetProperty("resource").ValueKind);
        var ready = await host.WaitSettledAsync("loose", "advised");
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        Assert.Equal(2, ready.GetProperty("policyResults").GetArrayLength());

        using var run = await host.Http.GetAsync(created.Headers.Location);
        var results = (await ApiHost.ReadJsonAsync(run)).GetProperty("policyResults").EnumerateArray().ToList();
        Assert.Equal(["maxTtl", "requireTags"], results.Select(r => r.GetProperty("rule").GetString()));
        var tags = results[1];
        Assert.Equal("tag-advice", tags.GetProperty("policy").GetString());
        Assert.Equal("advisory", tags.GetProperty("enforcement").GetString());
        Assert.Equal("box", tags.GetProperty("resource").GetString());
        Assert.Equal("Policy 'tag-advice' requires tags on terraform_data.box; missing or empty: cost-center.", tags.GetProperty("message").GetString());
        using var list = await host.Http.GetAsync("/api/projects/loose/environments/advised/runs");
        var listed = Assert.Single((await ApiHost.ReadJsonAsync(list)).GetProperty("items").EnumerateArray());
        Assert.Equal(2, listed.GetProperty("policyResults").GetArrayLength());
    }
}
