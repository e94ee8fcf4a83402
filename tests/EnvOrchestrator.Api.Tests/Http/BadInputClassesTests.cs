using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace EnvOrchestrator.Api.Tests.Http;

/// <summary>
/// The classes of bad input an attacker found answered with a 500 or silently accepted (issue 12, "Bad input"): each is
/// a 4xx problem naming the field and the rule, with nothing stored. The broad table is <see cref="BadInputMatrixTests"/>.
/// </summary>
[Collection(ApiHostGroup.Name)]
public sealed class BadInputClassesTests(ApiHost host)
{
    private const string Project = "bad-classes";

    public static TheoryData<string, byte[], int, string, string> CreateBodies => new()
    {
        { "number beyond any number", Utf8("""{"name":"huge-a","template":"short-lived","inputs":{"delay_seconds":1e400}}"""), 400, "inputs.delay_seconds", "input.number-too-large" },
        { "integer beyond decimal", Utf8("""{"name":"huge-b","template":"short-lived","inputs":{"delay_seconds":123456789012345678901234567890123}}"""), 400, "inputs.delay_seconds", "input.number-too-large" },
        { "nested number beyond any number", Utf8("""{"name":"huge-c","template":"tagged","inputs":{"tags":{"a":-1e999}}}"""), 400, "inputs.tags.a", "input.number-too-large" },
        { "ttl sum overflows", Utf8("""{"name":"long-a","template":"short-lived","ttl":""" + "\"" + string.Concat(Enumerable.Repeat("100000d", 120)) + "\"}"), 400, "ttl", "value.duration-too-long" },
        { "ttl part too large", Utf8("""{"name":"long-b","template":"short-lived","ttl":"99999999999d"}"""), 400, "ttl", "value.invalid-duration" },
        { "ttl in exponent", Utf8("""{"name":"long-c","template":"short-lived","ttl":"1e30s"}"""), 400, "ttl", "value.invalid-duration" },
        { "lone surrogate in an input", Utf8("""{"name":"text-a","template":"web-stack","inputs":{"team":"a\ud800b"}}"""), 400, "inputs.team", "body.invalid-text" },
        { "lone surrogate in a name", Utf8("""{"name":"\udc00","template":"short-lived"}"""), 400, "name", "body.invalid-text" },
        { "lone surrogate in an input name", Utf8("""{"name":"text-b","template":"web-stack","inputs":{"\ud800":"x"}}"""), 400, "inputs", "body.invalid-text" },
        { "stray byte in an input", [.. Utf8("""{"name":"text-c","template":"web-stack","inputs":{"team":"a"""), 0xC3, .. Utf8("b\"}}")], 400, "inputs.team", "body.invalid-text" },
        { "stray byte in the name", [.. Utf8("""{"name":"x"""), 0xFF, .. Utf8("\",\"template\":\"short-lived\"}")], 400, "name", "body.invalid-text" },
        { "null for a number", Utf8("""{"name":"null-a","template":"short-lived","inputs":{"delay_seconds":null}}"""), 400, "inputs.delay_seconds", "input.null" },
        { "null for a string", Utf8("""{"name":"null-b","template":"web-stack","inputs":{"team":null}}"""), 400, "inputs.team", "input.null" },
        { "name too short for the template's resources", Utf8("""{"name":"ab","template":"web-stack"}"""), 422, "name", "name.template-rule" },
        { "name too long for the template's resources", Utf8("""{"name":"abcdefghij-abcdefghij-abcdefghij-abcdefg","template":"web-stack"}"""), 422, "name", "name.template-rule" },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(CreateBodies))]
    public async Task Create_BadValue_ProblemNamingFieldAndRuleAndNothingStored(string why, byte[] body, int status, string field, string rule)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await host.Http.PostAsync($"/api/projects/{Project}/environments", content);

        await AssertProblemAsync(response, status, field, rule, why);
        await AssertNothingStoredAsync();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/extend", "{\"by\":\"" + "100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d100000d" + "\"}", 400, "by", "value.duration-too-long")]
    [InlineData("/extend", """{"by":"1e30s"}""", 400, "by", "value.invalid-duration")]
    [InlineData("/retry", "[1,2]", 400, "body", "body.json")]
    [InlineData("/retry", "not json", 400, "body", "body.json")]
    [InlineData("/retry", """{"force":true}""", 400, "force", "body.json")]
    [InlineData("/cancel", "\"text\"", 400, "body", "body.json")]
    [InlineData("/cancel", "{", 400, "body", "body.json")]
    public async Task Action_BadBody_ProblemNamingFieldAndRule(string action, string json, int status, string field, string rule)
    {
        using var response = await host.Http.PostAsync($"/api/projects/{Project}/environments/never-made{action}", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, status, field, rule, action);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/retry")]
    [InlineData("/cancel")]
    public async Task Action_TextBody_Returns415(string action)
    {
        using var response = await host.Http.PostAsync($"/api/projects/{Project}/environments/never-made{action}", new StringContent("please", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, 415, "Content-Type", "content-type.json", action);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/retry")]
    [InlineData("/cancel")]
    public async Task Action_EmptyOrEmptyObjectBody_ReachesTheEnvironment(string action)
    {
        using var empty = await host.Http.PostAsync($"/api/projects/{Project}/environments/never-made{action}", null);
        using var emptyObject = await host.Http.PostAsync($"/api/projects/{Project}/environments/never-made{action}", new StringContent("{}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(empty, 404, "name", "environment.not-found", action);
        await AssertProblemAsync(emptyObject, 404, "name", "environment.not-found", action);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/api/projects/bad-classes/environments?continuationToken=garbage")]
    [InlineData("/api/projects/bad-classes/environments?continuationToken=%21%21%21")]
    [InlineData("/api/projects/bad-classes/environments?continuationToken=")]
    [InlineData("/api/projects/bad-classes/environments/never-made/runs?continuationToken=garbage")]
    public async Task List_MalformedContinuationToken_Returns400(string url)
    {
        using var response = await host.Http.GetAsync(url);

        await AssertProblemAsync(response, 400, "continuationToken", "paging.continuation-token", url);
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_MalformedChunkedBody_Returns400ProblemAndNothingStored()
    {
        var json = """{"name":"chunky","template":"short-lived"}""";
        var request = "POST /api/projects/bad-classes/environments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + "ZZ\r\n" + json + "\r\n0\r\n\r\n";

        var (status, contentType, body) = await RawAsync(request);

        Assert.True(status == 400, $"{status} {body}");
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("\"field\":\"body\"", body, StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"body.malformed\"", body, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    private async Task<(int Status, string? ContentType, string Body)> RawAsync(string request)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(host.Http.BaseAddress!.Host, host.Http.BaseAddress.Port, cts.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cts.Token);
        var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var contentType = head.Skip(1).Select(h => h.Split(':', 2)).Where(h => h[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].Trim().Split(';')[0]).FirstOrDefault();
        return (status, contentType, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string field, string rule, string why)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", ApiHost.ContentType(response)?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.True(field == problem.GetProperty("field").GetString(), $"{why}: {text}");
        Assert.True(rule == problem.GetProperty("rule").GetString(), $"{why}: {text}");
    }

    private async Task AssertNothingStoredAsync()
    {
        using var list = await host.Http.GetAsync($"/api/projects/{Project}/environments");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty((await ApiHost.ReadJsonAsync(list)).GetProperty("items").EnumerateArray());
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
