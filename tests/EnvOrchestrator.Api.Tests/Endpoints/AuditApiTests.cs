using System.Net;
using System.Text.Json;

namespace EnvOrchestrator.Api.Tests.Endpoints;

[Collection(ApiHostGroup.Name)]
public sealed class AuditApiTests(ApiHost host)
{
    [Fact(Timeout = 120_000)]
    public async Task ReadAuditTrail_AfterCreateRefusalAndDestroy_CallsAndTransitionsInOrder()
    {
        using var refused = await host.CreateAsync("team-audit", new { name = "aud", template = "short-lived", ttl = "nonsense" });
        using var created = await host.CreateAsync("team-audit", new { name = "aud", template = "short-lived", ttl = "40s" });
        await host.WaitSettledAsync("team-audit", "aud");
        using var destroy = new HttpRequestMessage(HttpMethod.Delete, "/api/projects/team-audit/environments/aud");
        destroy.Headers.Add("X-EnvOrch-User", "remover");
        using var deleted = await host.Http.SendAsync(destroy);
        await host.WaitSettledAsync("team-audit", "aud");

        var entries = await ReadAllAsync("/api/projects/team-audit/audit?pageSize=2");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var calls = entries.Where(e => e.Actor != "system").Select(e => $"{e.Actor} {e.Action} {e.Target} {e.Outcome.Split(' ')[0]}").ToList();
        Assert.Equal(["tester CreateEnvironment aud 400", "tester CreateEnvironment aud 202", "remover DestroyEnvironment aud 202"], calls);
        var statuses = entries.Where(e => e.Action == "environment.status").Select(e => e.Outcome).ToList();
        Assert.Equal(["Queued", "Deploying", "Ready", "Destroying", "Destroyed"], statuses.Where(s => s != "Pending"));
        Assert.Equal(entries.OrderBy(e => e.At).Select(e => e.At), entries.Select(e => e.At));
    }

    [Fact(Timeout = 60_000)]
    public async Task ReadAuditTrail_OtherProject_SeesNoneOfIt()
    {
        using var created = await host.CreateAsync("team-audit-b", new { name = "mine", template = "short-lived", ttl = "40s" });

        var entries = await ReadAllAsync("/api/projects/team-audit-c/audit");

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Empty(entries);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("from=yesterday", "from", "query.timestamp")]
    [InlineData("to=2026-13-01", "to", "query.timestamp")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from", "audit.range")]
    [InlineData("continuationToken=page-2", "continuationToken", "paging.continuation-token")]
    [InlineData("pageSize=0", "pageSize", "paging.page-size")]
    public async Task ReadAuditTrail_BadQuery_Returns400NamingFieldAndRule(string query, string field, string rule)
    {
        using var response = await host.Http.GetAsync($"/api/projects/team-audit/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
    }

    private async Task<List<Entry>> ReadAllAsync(string url)
    {
        var entries = new List<Entry>();
        string? token = null;
        do
        {
            var page = url + (token is null ? string.Empty : (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "continuationToken=" + Uri.EscapeDataString(token));
            using var response = await host.Http.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await ApiHost.ReadJsonAsync(response);
            entries.AddRange(body.GetProperty("items").EnumerateArray().Select(Entry.From));
            token = body.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        return entries;
    }

    private sealed record Entry(DateTimeOffset At, string Actor, string Action, string Target, string Outcome)
    {
        public static Entry From(JsonElement e) => new(
            e.GetProperty("at").GetDateTimeOffset(),
            e.GetProperty("actor").GetString()!,
            e.GetProperty("action").GetString()!,
            e.GetProperty("target").GetString()!,
            e.GetProperty("outcome").GetString()!);
    }
}
