using System.Net;
using System.Text.Json;

namespace EnvOrchestrator.Api.Tests.Endpoints;

[Collection(ApiHostGroup.Name)]
public sealed class UpdateAndPlanApiTests(ApiHost host)
{
    [Fact(Timeout = 120_000)]
    public async Task PlanThenPatch_NewInput_WhatIfShownThenAppliedWithIfMatch()
    {
        using var created = await host.CreateAsync("team-f", new { name = "upd", template = "short-lived", ttl = "40s" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await host.WaitSettledAsync("team-f", "upd");
        using var current = await host.Http.GetAsync("/api/projects/team-f/environments/upd");
        var etag = current.Headers.ETag!.ToString();

        using var plan = await host.Http.PostAsync("/api/projects/team-f/environments/upd/plan", ApiHost.Json(new { inputs = new { delay_seconds = 1 } }));
        using var patchRequest = new HttpRequestMessage(HttpMethod.Patch, "/api/projects/team-f/environments/upd") { Content = ApiHost.Json(new { inputs = new { delay_seconds = 1 } }) };
        patchRequest.Headers.TryAddWithoutValidation("If-Match", etag);
        using var patch = await host.Http.SendAsync(patchRequest);
        var updated = await host.WaitSettledAsync("team-f", "upd");

        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var planned = (await ApiHost.ReadJsonAsync(plan)).GetProperty("resources")[0];
        Assert.Equal("only", planned.GetProperty("resource").GetString());
        Assert.Equal("no-op", planned.GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Array, planned.GetProperty("policyResults").ValueKind);
        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        Assert.Equal("Update", (await ApiHost.ReadJsonAsync(patch)).GetProperty("run").GetProperty("kind").GetString());
        Assert.Equal("Ready", updated.GetProperty("status").GetString());
        Assert.Equal(1, updated.GetProperty("inputs").GetProperty("delay_seconds").GetProperty("value").GetInt32());
    }
}
