using System.Net;
using System.Text.Json;

namespace EnvOrchestrator.Api.Tests.Endpoints;

[Collection(ApiHostGroup.Name)]
public sealed class WebhooksApiTests(ApiHost host)
{
    [Fact(Timeout = 30_000)]
    public async Task AddWebhook_ThenListDeliveriesAndRemove_SecretShownOnceAndNeverListed()
    {
        using var added = await host.Http.PostAsync("/api/projects/team-hooks/webhooks", ApiHost.Json(new { url = "https://hooks.example.com/a", events = new[] { "ready", "failed" }, format = "slack" }));
        var body = await ApiHost.ReadJsonAsync(added);
        var id = body.GetProperty("webhook").GetProperty("id").GetString()!;
        using var listed = await host.Http.GetAsync("/api/projects/team-hooks/webhooks");
        var listText = await listed.Content.ReadAsStringAsync();
        using var deliveries = await host.Http.GetAsync($"/api/projects/team-hooks/webhooks/{id}/deliveries");
        using var removed = await host.Http.DeleteAsync($"/api/projects/team-hooks/webhooks/{id}");
        using var removedAgain = await host.Http.DeleteAsync($"/api/projects/team-hooks/webhooks/{id}");
        using var goneLog = await host.Http.GetAsync($"/api/projects/team-hooks/webhooks/{id}/deliveries");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal($"/api/projects/team-hooks/webhooks/{id}", added.Headers.Location!.OriginalString);
        Assert.Equal("no-store", added.Headers.CacheControl!.ToString());
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(["ready", "failed"], body.GetProperty("webhook").GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("slack", body.GetProperty("webhook").GetProperty("format").GetString());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains(id, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], listText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deliveries.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await ApiHost.ReadJsonAsync(deliveries)).ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, goneLog.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("{}", "url", "webhook.url")]
    [InlineData("{\"url\":\"hooks.example.com/a\"}", "url", "webhook.url")]
    [InlineData("{\"url\":\"ftp://hooks.example.com/a\"}", "url", "webhook.url")]
    [InlineData("{\"url\":\"https://user:pw@hooks.example.com/a\"}", "url", "webhook.url")]
    [InlineData("{\"url\":\"http://hooks.example.com/a\"}", "url", "webhook.https-required")]
    [InlineData("{\"url\":\"https://hooks.example.com/a\",\"events\":[\"ready\",\"exploded\"]}", "events[1]", "webhook.event")]
    [InlineData("{\"url\":\"https://hooks.example.com/a\",\"format\":\"irc\"}", "format", "webhook.format")]
    [InlineData("{\"url\":\"https://hooks.example.com/a\",\"secret\":\"hunter2\"}", "secret", "webhook.secret")]
    public async Task AddWebhook_BadRequest_400NamingFieldAndRuleAndNothingStored(string json, string field, string rule)
    {
        using var response = await host.Http.PostAsync("/api/projects/team-bad-hooks/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        using var listed = await host.Http.GetAsync("/api/projects/team-bad-hooks/webhooks");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", ApiHost.ContentType(response)?.MediaType);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Equal((field, rule), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()));
        Assert.Equal(0, (await ApiHost.ReadJsonAsync(listed)).GetArrayLength());
    }

    // The serializer's own words name .NET types; the caller is told which JSON value was expected.
    [Theory(Timeout = 30_000)]
    [InlineData("/api/projects/team-bad-hooks/webhooks", "{\"url\":\"https://hooks.example.com/a\",\"events\":\"ready\"}", "events", "'events' must be an array of strings.")]
    [InlineData("/api/projects/team-bad-hooks/webhooks", "{\"url\":[\"https://hooks.example.com/a\"]}", "url", "'url' is not the kind of JSON value expected here; see the API reference at /docs.")]
    [InlineData("/api/projects/team-bad-hooks/webhooks", "[1]", "body", "'body' must be a JSON object.")]
    [InlineData("/api/projects/team-bad-hooks/environments", "{\"name\":\"x\",\"template\":\"web-stack\",\"inputs\":[1]}", "inputs", "'inputs' must be a JSON object.")]
    public async Task Post_WrongJsonKind_DetailNamesTheExpectedJsonNotADotNetType(string path, string json, string field, string detail)
    {
        using var response = await host.Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((field, "body.json", detail), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString(), problem.GetProperty("detail").GetString()));
    }
}
