using System.Net;
using System.Net.Http.Headers;

namespace EnvOrchestrator.Api.Tests.Endpoints;

[Collection(ApiHostGroup.Name)]
public sealed class EnvironmentLifecycleApiTests(ApiHost host)
{
    [Fact(Timeout = 120_000)]
    public async Task CreateGetDelete_OneStepEnvironment_AcceptedReadyThenDestroyed()
    {
        using var created = await host.CreateAsync("team-a", new { name = "api-env", template = "short-lived", ttl = "40s" });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var body = await ApiHost.ReadJsonAsync(created);
        var runId = body.GetProperty("run").GetProperty("id").GetString()!;
        Assert.Equal($"/api/projects/team-a/environments/api-env/runs/{runId}", created.Headers.Location?.OriginalString);
        Assert.Equal("tester", body.GetProperty("environment").GetProperty("createdBy").GetString());
        Assert.Equal("Queued", body.GetProperty("environment").GetProperty("status").GetString());
        Assert.Equal($"env:team-a:api-env:deploy:{runId}", body.GetProperty("instanceId").GetString());

        var ready = await host.WaitSettledAsync("team-a", "api-env");
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        var resource = ready.GetProperty("resources")[0];
        Assert.Equal("Succeeded", resource.GetProperty("status").GetString());
        Assert.StartsWith("api-env-only#", resource.GetProperty("outputs").GetProperty("id").GetProperty("value").GetString(), StringComparison.Ordinal);
        using var status = await host.Http.GetAsync(created.Headers.Location);
        Assert.Equal("Succeeded", (await ApiHost.ReadJsonAsync(status)).GetProperty("status").GetString());
        using var get = await host.Http.GetAsync("/api/projects/team-a/environments/api-env");
        Assert.NotNull(get.Headers.ETag);
        // Clients written before Queued was renamed still filter by its former name.
        using var listed = await host.Http.GetAsync("/api/projects/team-a/environments?status=Validating,Ready");
        Assert.Contains((await ApiHost.ReadJsonAsync(listed)).GetProperty("items").EnumerateArray(), e => e.GetProperty("name").GetString() == "api-env");

        using var deleted = await host.Http.DeleteAsync("/api/projects/team-a/environments/api-env");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var destroyed = await host.WaitSettledAsync("team-a", "api-env");
        Assert.Equal("Destroyed", destroyed.GetProperty("status").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Create_TwoConcurrentRequestsForOneName_ExactlyOneAccepted()
    {
        var first = host.CreateAsync("team-a", new { name = "race", template = "short-lived", ttl = "40s" });
        var second = host.CreateAsync("team-a", new { name = "race", template = "short-lived", ttl = "40s" });
        using var a = await first;
        using var b = await second;

        var codes = new[] { a.StatusCode, b.StatusCode }.Order().ToArray();
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], codes);
        var loser = a.StatusCode == HttpStatusCode.Conflict ? a : b;
        Assert.Equal("application/problem+json", ApiHost.ContentType(loser)?.MediaType);
        Assert.Equal("environment.exists", (await ApiHost.ReadJsonAsync(loser)).GetProperty("rule").GetString());
        await host.WaitSettledAsync("team-a", "race");
    }

    [Fact(Timeout = 120_000)]
    public async Task Create_SameIdempotencyKey_ReplaysFirstAnswerAndRefusesOtherBody()
    {
        using var first = await host.CreateAsync("team-b", new { name = "idem", template = "short-lived", ttl = "40s" }, "key-1");
        using var replay = await host.CreateAsync("team-b", new { name = "idem", template = "short-lived", ttl = "40s" }, "key-1");
        using var other = await host.CreateAsync("team-b", new { name = "idem2", template = "short-lived", ttl = "40s" }, "key-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(
            (await ApiHost.ReadJsonAsync(first)).GetProperty("run").GetProperty("id").GetString(),
            (await ApiHost.ReadJsonAsync(replay)).GetProperty("run").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency.key-reused", (await ApiHost.ReadJsonAsync(other)).GetProperty("rule").GetString());
        await host.WaitSettledAsync("team-b", "idem");
    }

    [Fact(Timeout = 120_000)]
    public async Task Extend_WithinAndBeyondCaps_OkThen422NamingTheRule()
    {
        using var created = await host.CreateAsync("team-c", new { name = "ext", template = "short-lived", ttl = "20s" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);

        using var tooLong = await host.Http.PostAsync("/api/projects/team-c/environments/ext/extend", ApiHost.Json(new { by = "1h" }));
        using var ok = await host.Http.PostAsync("/api/projects/team-c/environments/ext/extend", ApiHost.Json(new { by = "5s" }));
        using var again = await host.Http.PostAsync("/api/projects/team-c/environments/ext/extend", ApiHost.Json(new { by = "5s" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal("extension-too-long", (await ApiHost.ReadJsonAsync(tooLong)).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, (await ApiHost.ReadJsonAsync(ok)).GetProperty("extensionCount").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var problem = await ApiHost.ReadJsonAsync(again);
        Assert.Equal("extension-count-exceeded", problem.GetProperty("rule").GetString());
        Assert.Equal("by", problem.GetProperty("field").GetString());
        await host.WaitSettledAsync("team-c", "ext");
    }

    [Fact(Timeout = 120_000)]
    public async Task Logs_Follow_StreamsServerSentEventsUntilTheRunFinishes()
    {
        using var created = await host.CreateAsync("team-d", new { name = "logs", template = "short-lived", ttl = "40s", inputs = new { delay_seconds = 1 } });
        var runId = (await ApiHost.ReadJsonAsync(created)).GetProperty("run").GetProperty("id").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/team-d/environments/logs/runs/{runId}/logs?follow=true");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", ApiHost.ContentType(response)?.MediaType);
        Assert.Contains("event: log", stream, StringComparison.Ordinal);
        Assert.Contains("only.apply.1", stream, StringComparison.Ordinal);
        Assert.EndsWith("event: end", stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split('\n')[0], StringComparison.Ordinal);
        using var runs = await host.Http.GetAsync("/api/projects/team-d/environments/logs/runs");
        Assert.Equal(runId, (await ApiHost.ReadJsonAsync(runs)).GetProperty("items")[0].GetProperty("id").GetString());
        await host.WaitSettledAsync("team-d", "logs");
    }

    [Fact(Timeout = 120_000)]
    public async Task Patch_IfMatchMissingOrStale_Refused428And412()
    {
        using var created = await host.CreateAsync("team-e", new { name = "patch", template = "short-lived", ttl = "40s" });
        await host.WaitSettledAsync("team-e", "patch");

        using var missing = await host.Http.PatchAsync("/api/projects/team-e/environments/patch", ApiHost.Json(new { inputs = new { delay_seconds = 0 } }));
        using var staleRequest = new HttpRequestMessage(HttpMethod.Patch, "/api/projects/team-e/environments/patch") { Content = ApiHost.Json(new { inputs = new { delay_seconds = 0 } }) };
        staleRequest.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
        using var stale = await host.Http.SendAsync(staleRequest);

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("If-Match", (await ApiHost.ReadJsonAsync(stale)).GetProperty("field").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Templates_ListAndShow_IncludeInputSchema()
    {
        using var list = await host.Http.GetAsync("/api/templates?project=team-a");
        using var show = await host.Http.GetAsync("/api/templates/web-stack");
        using var notShared = await host.Http.GetAsync("/api/templates/cache-only?project=team-z");

        var names = (await ApiHost.ReadJsonAsync(list)).EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("web-stack", names);
        var sku = (await ApiHost.ReadJsonAsync(show)).GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "cache_sku");
        Assert.Equal(["Basic", "Standard"], sku.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("restricted", sku.GetProperty("override").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, notShared.StatusCode);
    }
}
