using System.Net;
using System.Text;

namespace EnvOrchestrator.Api.Tests.Http;

[Collection(ApiHostGroup.Name)]
public sealed class BadRequestTests(ApiHost host)
{
    public static TheoryData<string, string, int, string, string> Bodies => new()
    {
        { "unknown template", """{"name":"bad-a","template":"no-such-template"}""", 404, "template", "template.unknown" },
        { "not shared", """{"name":"bad-b","template":"cache-only"}""", 403, "template", "template.not-shared" },
        { "bad name", """{"name":"Bad_Name","template":"short-lived"}""", 400, "name", "name.invalid" },
        { "missing template", """{"name":"bad-c"}""", 400, "template", "template.required" },
        { "value not allowed", """{"name":"bad-d","template":"web-stack","inputs":{"cache_sku":"Premium"}}""", 400, "inputs.cache_sku", "input.not-allowed" },
        { "unknown input", """{"name":"bad-e","template":"web-stack","inputs":{"colour":"red"}}""", 400, "inputs.colour", "input.unknown" },
        { "wrong type", """{"name":"bad-f","template":"web-stack","inputs":{"delay_seconds":"soon"}}""", 400, "inputs.delay_seconds", "input.type-mismatch" },
        { "out of range", """{"name":"bad-g","template":"web-stack","inputs":{"delay_seconds":9999}}""", 400, "inputs.delay_seconds", "input.out-of-range" },
        { "ttl above max", """{"name":"bad-h","template":"short-lived","ttl":"1h"}""", 422, "ttl", "ttl-above-max" },
        { "bad ttl", """{"name":"bad-i","template":"short-lived","ttl":"soon"}""", 400, "ttl", "value.invalid-duration" },
        { "unknown field", """{"name":"bad-j","template":"short-lived","colour":"red"}""", 400, "colour", "body.json" },
        { "malformed json", """{"name":"bad-k","template":""", 400, "template", "body.json" },
        { "not an object", "[1,2]", 400, "body", "body.json" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Bodies))]
    public async Task Create_BadBody_ProblemNamingFieldAndRuleAndNothingStored(string why, string json, int status, string field, string rule)
    {
        var project = "team-z";
        using var response = await host.Http.PostAsync($"/api/projects/{project}/environments", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", ApiHost.ContentType(response)?.MediaType);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        await AssertNothingStoredAsync(project);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_OversizedBody_Returns413AndNothingStored()
    {
        var padding = new string('x', 70 * 1024);
        using var response = await host.Http.PostAsync("/api/projects/team-y/environments", new StringContent("{\"name\":\"big\",\"template\":\"short-lived\",\"inputs\":{\"pad\":\"" + padding + "\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body.max-size", (await ApiHost.ReadJsonAsync(response)).GetProperty("rule").GetString());
        await AssertNothingStoredAsync("team-y");
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_WrongContentType_Returns415AndNothingStored()
    {
        using var response = await host.Http.PostAsync("/api/projects/team-y/environments", new StringContent("""{"name":"plain","template":"short-lived"}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type", (await ApiHost.ReadJsonAsync(response)).GetProperty("field").GetString());
        await AssertNothingStoredAsync("team-y");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/api/projects/Team_A/environments", "project")]
    [InlineData("/api/projects/team-a/environments/x", "name")]
    [InlineData("/api/projects/team-a/environments?status=Sleeping", "status")]
    [InlineData("/api/projects/team-a/environments?status=4", "status")]
    [InlineData("/api/projects/team-a/environments?pageSize=0", "pageSize")]
    [InlineData("/api/projects/team-a/environments?pageSize=lots", "pageSize")]
    [InlineData("/api/projects/team-a/environments/nope/runs?pageSize=-1", "pageSize")]
    [InlineData("/api/projects/team-a/environments/nope/runs/not-a-run", "run")]
    public async Task Get_BadRouteOrQuery_Returns400NamingTheField(string url, string field)
    {
        using var response = await host.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await ApiHost.ReadJsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_MissingEnvironment_Returns404Problem()
    {
        using var response = await host.Http.GetAsync("/api/projects/team-a/environments/never-made");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("environment.not-found", (await ApiHost.ReadJsonAsync(response)).GetProperty("rule").GetString());
    }

    private async Task AssertNothingStoredAsync(string project)
    {
        using var list = await host.Http.GetAsync($"/api/projects/{project}/environments");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty((await ApiHost.ReadJsonAsync(list)).GetProperty("items").EnumerateArray());
    }
}
