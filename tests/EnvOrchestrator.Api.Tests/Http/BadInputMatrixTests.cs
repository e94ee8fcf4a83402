using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Api.Tests.Http;

/// <summary>
/// Bad input across the API, generated from tables of field × bad value: create, update, plan, extend, retry and cancel
/// bodies, route values, query strings, headers and content types. Each is answered 4xx (never 5xx) with problem
/// details naming the expected field and rule, and leaves the stores as they were (environments and runs compared
/// before and after). One host, one ready environment for the endpoints that need one.
/// </summary>
[Collection(ApiHostGroup.Name)]
public sealed class BadInputMatrixTests(ApiHost host)
{
    private const string Project = "bad-matrix";
    private const string Ready = "matrix-ready";
    private const string Missing = "never-made";
    private const string Environments = $"/api/projects/{Project}/environments";
    private const string ReadyPath = $"{Environments}/{Ready}";

    private static readonly SemaphoreSlim ReadyGate = new(1, 1);
    private static readonly Dictionary<string, BadRequest> ByWhy = Build().ToDictionary(c => c.Why, StringComparer.Ordinal);
    private static bool _ready;

    public static TheoryData<string> Cases => [.. ByWhy.Keys];

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Cases))]
    public async Task Send_BadInput_ProblemNamingFieldAndRuleAndNothingStored(string why)
    {
        var bad = ByWhy[why];
        await EnsureReadyAsync();
        var before = await SnapshotAsync();

        using var request = bad.ToRequest();
        using var response = await host.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{why}: {status} {text}");
        Assert.True(bad.Status == status, $"{why}: expected {bad.Status}, got {status} {text}");
        Assert.True(ApiHost.ContentType(response)?.MediaType == "application/problem+json", $"{why}: {ApiHost.ContentType(response)} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        var field = problem.TryGetProperty("field", out var f) ? f.GetString() : null;
        var rule = problem.TryGetProperty("rule", out var r) ? r.GetString() : null;
        Assert.True((bad.Field, bad.Rule) == (field, rule), $"{why}: expected {bad.Field}/{bad.Rule}, got {field}/{rule} {text}");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public void Cases_AtLeast300()
    {
        Assert.True(ByWhy.Count >= 300, $"{ByWhy.Count} cases");
    }

    private async Task EnsureReadyAsync()
    {
        await ReadyGate.WaitAsync();
        try
        {
            if (_ready)
            {
                return;
            }

            using var created = await host.CreateAsync(Project, new { name = Ready, template = "tagged" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var settled = await host.WaitSettledAsync(Project, Ready, TimeSpan.FromSeconds(100));
            Assert.Equal("Ready", settled.GetProperty("status").GetString());
            _ready = true;
        }
        finally
        {
            ReadyGate.Release();
        }
    }

    /// <summary>Every environment of the project with its version, and every run of each with its status.</summary>
    private async Task<string> SnapshotAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runs = (IRunStore)host.Services.GetService(typeof(IRunStore))!;
        var lines = new List<string>();
        string? token = null;
        do
        {
            var page = await host.Environments.ListAsync(ProjectName.Parse(Project), EnvironmentFilter.None, 200, token, cts.Token);
            foreach (var environment in page.Items)
            {
                lines.Add($"{environment.Id} {environment.Version} {environment.Status} {environment.ExpiresAt:O} {environment.ExtensionCount}");
                var runPage = await runs.ListAsync(environment.Id, 200, null, cts.Token);
                lines.AddRange(runPage.Items.Select(run => $"  {run.Id} {run.Status}"));
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return string.Join('\n', lines);
    }

    private static IEnumerable<BadRequest> Build()
    {
        var n = 0;
        string Name() => $"m-{++n}";

        // Create: one bad field at a time, the others valid.
        var names = new (string Json, int Status, string Rule)[]
        {
            ("\"\"", 400, "name.invalid"), ("\"A\"", 400, "name.invalid"), ("\"Bad_Name\"", 400, "name.invalid"), ("\"-ab\"", 400, "name.invalid"),
            ("\"ab-\"", 400, "name.invalid"), ("\"a\"", 400, "name.invalid"), ("\"" + new string('a', 41) + "\"", 400, "name.invalid"),
            ("\"1ab\"", 400, "name.invalid"), ("\"a b\"", 400, "name.invalid"), ("\"a/b\"", 400, "name.invalid"), ("\"a.b\"", 400, "name.invalid"),
            ("\"ab\\u0000\"", 400, "name.invalid"), ("\"\\u00e9t\\u00e9\"", 400, "name.invalid"), ("\"ab%2F\"", 400, "name.invalid"), ("null", 400, "name.invalid"),
            ("\"ab\"", 422, "name.template-rule"), ("\"" + new string('a', 40) + "\"", 422, "name.template-rule"), ("\"abcdefghij-abcdefghij-abcdefghij-abcde\"", 422, "name.template-rule"),
            ("123", 400, "body.json"), ("true", 400, "body.json"), ("[]", 400, "body.json"), ("{}", 400, "body.json"), ("\"\\ud800\"", 400, "body.invalid-text"),
        };
        foreach (var (json, status, rule) in names)
        {
            yield return Create($"create name {json}", "{\"name\":" + json + ",\"template\":\"web-stack\"}", status, "name", rule);
        }

        var templates = new (string Json, int Status, string Rule)[]
        {
            ("\"\"", 400, "template.required"), ("null", 400, "template.required"), ("\"no-such\"", 404, "template.unknown"),
            ("\"web-stack@9.9.9\"", 404, "template.unknown"), ("\"cache-only\"", 403, "template.not-shared"), ("\"web-stack@\"", 400, "template.invalid-reference"),
            ("\"Web Stack\"", 404, "template.unknown"), ("1", 400, "body.json"), ("[]", 400, "body.json"), ("{}", 400, "body.json"),
            ("true", 400, "body.json"), ("\"\\udfff\"", 400, "body.invalid-text"),
        };
        foreach (var (json, status, rule) in templates)
        {
            yield return Create($"create template {json}", "{\"name\":\"" + Name() + "\",\"template\":" + json + "}", status, "template", rule);
        }

        var overflow = string.Concat(Enumerable.Repeat("100000d", 120));
        var ttls = new (string Json, int Status, string Rule)[]
        {
            ("\"soon\"", 400, "value.invalid-duration"), ("\"1\"", 400, "value.invalid-duration"), ("\"h\"", 400, "value.invalid-duration"),
            ("\"1x\"", 400, "value.invalid-duration"), ("\"1h30\"", 400, "value.invalid-duration"), ("\"1.5h\"", 400, "value.invalid-duration"),
            ("\"-1h\"", 400, "value.invalid-duration"), ("\"+1h\"", 400, "value.invalid-duration"), ("\" 1h\"", 400, "value.invalid-duration"),
            ("\"1h \"", 400, "value.invalid-duration"), ("\"1H\"", 400, "value.invalid-duration"), ("\"1e30s\"", 400, "value.invalid-duration"),
            ("\"99999999999d\"", 400, "value.invalid-duration"), ("\"\\uff11h\"", 400, "value.invalid-duration"), ("\"\"", 400, "value.invalid-duration"),
            ("\"100001d\"", 400, "value.invalid-duration"), ("\"PT1H\"", 400, "value.invalid-duration"), ("\"01:00:00\"", 400, "value.invalid-duration"),
            ("\"0s\"", 400, "ttl-not-positive"), ("\"0h0m\"", 400, "ttl-not-positive"),
            ("\"73h\"", 422, "ttl-above-max"), ("\"4d\"", 422, "ttl-above-max"), ("\"100000d\"", 422, "ttl-above-max"),
            ("\"100000d100000d\"", 400, "value.duration-too-long"), ("\"" + overflow + "\"", 400, "value.duration-too-long"),
            ("8", 400, "body.json"), ("true", 400, "body.json"), ("[]", 400, "body.json"), ("{}", 400, "body.json"), ("\"\\ud800h\"", 400, "body.invalid-text"),
        };
        foreach (var (json, status, rule) in ttls)
        {
            yield return Create($"create ttl {json}", "{\"name\":\"" + Name() + "\",\"template\":\"web-stack\",\"ttl\":" + json + "}", status, "ttl", rule);
        }

        // Inputs of web-stack (create) and of tagged (update and plan of the ready environment).
        var webInputs = new (string Input, string Json, string Field, string Rule)[]
        {
            ("delay_seconds", "\"soon\"", "", "input.type-mismatch"), ("delay_seconds", "\"2\"", "", "input.type-mismatch"), ("delay_seconds", "true", "", "input.type-mismatch"),
            ("delay_seconds", "[]", "", "input.type-mismatch"), ("delay_seconds", "{}", "", "input.type-mismatch"), ("delay_seconds", "9999", "", "input.out-of-range"),
            ("delay_seconds", "-1", "", "input.out-of-range"), ("delay_seconds", "121", "", "input.out-of-range"), ("delay_seconds", "1e400", "", "input.number-too-large"),
            ("delay_seconds", "1e29", "", "input.number-too-large"), ("delay_seconds", "-1e29", "", "input.number-too-large"),
            ("delay_seconds", "123456789012345678901234567890", "", "input.number-too-large"), ("delay_seconds", "null", "", "input.null"),
            ("cache_sku", "\"Premium\"", "", "input.not-allowed"), ("cache_sku", "\"basic\"", "", "input.not-allowed"), ("cache_sku", "\"\"", "", "input.not-allowed"),
            ("cache_sku", "1", "", "input.type-mismatch"), ("cache_sku", "null", "", "input.null"), ("cache_sku", "[\"Basic\"]", "", "input.type-mismatch"),
            ("team", "null", "", "input.null"), ("team", "1", "", "input.type-mismatch"), ("team", "true", "", "input.type-mismatch"), ("team", "[]", "", "input.type-mismatch"),
            ("team", "{}", "", "input.type-mismatch"), ("team", "\"\\ud800\"", "", "body.invalid-text"), ("team", "\"a\\udc00b\"", "", "body.invalid-text"),
            ("fail_frontend", "\"yes\"", "", "input.type-mismatch"), ("fail_frontend", "\"true\"", "", "input.type-mismatch"), ("fail_frontend", "1", "", "input.type-mismatch"),
            ("fail_frontend", "0", "", "input.type-mismatch"), ("fail_frontend", "null", "", "input.null"), ("fail_frontend", "[]", "", "input.type-mismatch"),
            ("colour", "\"red\"", "", "input.unknown"), ("colour", "null", "", "input.unknown"), ("", "1", "", "input.unknown"),
        };
        foreach (var (input, json, sub, rule) in webInputs)
        {
            var field = $"inputs.{input}{sub}";
            yield return Create($"create inputs.{input} {json}", "{\"name\":\"" + Name() + "\",\"template\":\"web-stack\",\"inputs\":{\"" + input + "\":" + json + "}}", 400, field, rule);
        }

        foreach (var json in new[] { "[]", "\"x\"", "1", "true" })
        {
            yield return Create($"create inputs {json}", "{\"name\":\"" + Name() + "\",\"template\":\"web-stack\",\"inputs\":" + json + "}", 400, "inputs", "body.json");
        }

        var taggedInputs = new (string Input, string Json, string Field, string Rule)[]
        {
            ("tags", "\"x\"", "inputs.tags", "input.type-mismatch"), ("tags", "1", "inputs.tags", "input.type-mismatch"), ("tags", "[]", "inputs.tags", "input.type-mismatch"),
            ("tags", "true", "inputs.tags", "input.type-mismatch"), ("tags", "null", "inputs.tags", "input.null"), ("tags", "{\"a\":1e400}", "inputs.tags.a", "input.number-too-large"),
            ("tags", "{\"a\":[1,-1e999]}", "inputs.tags.a.1", "input.number-too-large"), ("tags", "{\"a\":\"\\ud800\"}", "inputs.tags.a", "body.invalid-text"),
            ("seed_tag", "1", "inputs.seed_tag", "input.type-mismatch"), ("seed_tag", "null", "inputs.seed_tag", "input.null"), ("seed_tag", "[]", "inputs.seed_tag", "input.type-mismatch"),
            ("seed_tag", "{}", "inputs.seed_tag", "input.type-mismatch"), ("seed_tag", "true", "inputs.seed_tag", "input.type-mismatch"), ("seed_tag", "\"\\udbff\"", "inputs.seed_tag", "body.invalid-text"),
            ("seed_tag", "1e400", "inputs.seed_tag", "input.number-too-large"), ("name", "\"x\"", "inputs.name", "input.unknown"), ("colour", "1", "inputs.colour", "input.unknown"),
        };
        foreach (var (input, json, field, rule) in taggedInputs)
        {
            var body = "{\"inputs\":{\"" + input + "\":" + json + "}}";
            yield return new BadRequest($"update inputs.{input} {json}", HttpMethod.Patch, ReadyPath, body, 400, field, rule) { IfMatch = "*" };
            yield return new BadRequest($"plan inputs.{input} {json}", HttpMethod.Post, ReadyPath + "/plan", body, 400, field, rule);
        }

        foreach (var json in new[] { "[]", "\"x\"", "1" })
        {
            yield return new BadRequest($"update inputs {json}", HttpMethod.Patch, ReadyPath, "{\"inputs\":" + json + "}", 400, "inputs", "body.json") { IfMatch = "*" };
            yield return new BadRequest($"plan inputs {json}", HttpMethod.Post, ReadyPath + "/plan", "{\"inputs\":" + json + "}", 400, "inputs", "body.json");
        }

        foreach (var json in new[] { "1", "[]", "{}", "true" })
        {
            yield return new BadRequest($"update templateVersion {json}", HttpMethod.Patch, ReadyPath, "{\"templateVersion\":" + json + "}", 400, "templateVersion", "body.json") { IfMatch = "*" };
            yield return new BadRequest($"plan templateVersion {json}", HttpMethod.Post, ReadyPath + "/plan", "{\"templateVersion\":" + json + "}", 400, "templateVersion", "body.json");
        }

        // Whole bodies that are not the JSON object an endpoint takes.
        var bodies = new (string Body, string Field, string Rule)[]
        {
            ("not json", "body", "body.json"), ("[1,2]", "body", "body.json"), ("\"s\"", "body", "body.json"), ("1", "body", "body.json"),
            ("null", "body", "body.json"), ("{", "body", "body.json"), ("{\"colour\":1}", "colour", "body.json"), ("{}{}", "body", "body.json"),
        };
        foreach (var (body, field, rule) in bodies)
        {
            yield return Create($"create body {body}", body, 400, field, rule);
            yield return new BadRequest($"update body {body}", HttpMethod.Patch, ReadyPath, body, 400, field, rule) { IfMatch = "*" };
            yield return new BadRequest($"plan body {body}", HttpMethod.Post, ReadyPath + "/plan", body, 400, field, rule);
            yield return new BadRequest($"extend body {body}", HttpMethod.Post, ReadyPath + "/extend", body, 400, field, rule);
            yield return new BadRequest($"retry body {body}", HttpMethod.Post, ReadyPath + "/retry", body, 400, field, rule);
            yield return new BadRequest($"cancel body {body}", HttpMethod.Post, ReadyPath + "/cancel", body, 400, field, rule);
        }

        yield return Create("create body empty", string.Empty, 400, "body", "body.required");
        yield return new BadRequest("update body empty", HttpMethod.Patch, ReadyPath, string.Empty, 400, "body", "body.required") { IfMatch = "*" };
        yield return new BadRequest("extend body empty", HttpMethod.Post, ReadyPath + "/extend", string.Empty, 400, "body", "body.required");

        // Extend the ready environment (tagged: at most 4h at a time, 8h in all).
        var bys = new (string Json, int Status, string Rule)[]
        {
            ("\"soon\"", 400, "value.invalid-duration"), ("\"1e30s\"", 400, "value.invalid-duration"), ("\"99999999999d\"", 400, "value.invalid-duration"),
            ("\"-1h\"", 400, "value.invalid-duration"), ("\"\"", 400, "value.invalid-duration"), ("null", 400, "value.invalid-duration"),
            ("\"1h1\"", 400, "value.invalid-duration"), ("\"h1\"", 400, "value.invalid-duration"), ("\"1 h\"", 400, "value.invalid-duration"),
            ("\"0s\"", 400, "extension-not-positive"), ("\"0d0h\"", 400, "extension-not-positive"), ("\"5h\"", 422, "extension-too-long"),
            ("\"100000d\"", 422, "extension-too-long"), ("\"100000d100000d\"", 400, "value.duration-too-long"), ("\"" + overflow + "\"", 400, "value.duration-too-long"),
            ("5", 400, "body.json"), ("true", 400, "body.json"), ("[]", 400, "body.json"), ("{}", 400, "body.json"), ("\"\\ud800\"", 400, "body.invalid-text"),
        };
        foreach (var (json, status, rule) in bys)
        {
            yield return new BadRequest($"extend by {json}", HttpMethod.Post, ReadyPath + "/extend", "{\"by\":" + json + "}", status, "by", rule);
        }

        yield return new BadRequest("extend no by", HttpMethod.Post, ReadyPath + "/extend", "{}", 400, "by", "value.invalid-duration");

        // Content types: a JSON body sent as something else.
        var contentTypes = new[] { "text/plain", "application/xml", "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "application/octet-stream", "image/png" };
        foreach (var type in contentTypes)
        {
            yield return Create($"create as {type}", "{\"name\":\"" + Name() + "\",\"template\":\"web-stack\"}", 415, "Content-Type", "content-type.json") with { ContentType = type };
            yield return new BadRequest($"update as {type}", HttpMethod.Patch, ReadyPath, "{\"inputs\":{}}", 415, "Content-Type", "content-type.json") { IfMatch = "*", ContentType = type };
            yield return new BadRequest($"extend as {type}", HttpMethod.Post, ReadyPath + "/extend", "{\"by\":\"1h\"}", 415, "Content-Type", "content-type.json") { ContentType = type };
            yield return new BadRequest($"retry as {type}", HttpMethod.Post, ReadyPath + "/retry", "{}", 415, "Content-Type", "content-type.json") { ContentType = type };
            yield return new BadRequest($"cancel as {type}", HttpMethod.Post, ReadyPath + "/cancel", "{}", 415, "Content-Type", "content-type.json") { ContentType = type };
            yield return new BadRequest($"plan as {type}", HttpMethod.Post, ReadyPath + "/plan", "{}", 415, "Content-Type", "content-type.json") { ContentType = type };
        }

        yield return Create("create without content type", "{\"name\":\"" + Name() + "\",\"template\":\"web-stack\"}", 415, "Content-Type", "content-type.json") with { ContentType = null };

        // Headers.
        yield return Create("create Idempotency-Key too long", "{\"name\":\"" + Name() + "\",\"template\":\"web-stack\"}", 400, "Idempotency-Key", "idempotency.invalid-key") with { IdempotencyKey = new string('k', 201) };
        yield return Create("create Idempotency-Key with a tab", "{\"name\":\"" + Name() + "\",\"template\":\"web-stack\"}", 400, "Idempotency-Key", "idempotency.invalid-key") with { IdempotencyKey = "a\tb" };
        yield return new BadRequest("update without If-Match", HttpMethod.Patch, ReadyPath, "{\"inputs\":{}}", 428, "If-Match", "etag.required");
        foreach (var etag in new[] { "\"999999\"", "W/\"1\"", "\"\"", "garbage" })
        {
            yield return new BadRequest($"update If-Match {etag}", HttpMethod.Patch, ReadyPath, "{\"inputs\":{}}", 412, "If-Match", "etag-mismatch") { IfMatch = etag };
        }

        // Route values: a bad project on every endpoint, a bad environment name on every endpoint of one, bad run ids.
        var endpoints = new (string Why, HttpMethod Method, string Suffix, string? Body)[]
        {
            ("list", HttpMethod.Get, string.Empty, null), ("create", HttpMethod.Post, string.Empty, "{\"name\":\"ok-name\",\"template\":\"web-stack\"}"),
            ("get", HttpMethod.Get, "/{name}", null), ("update", HttpMethod.Patch, "/{name}", "{\"inputs\":{}}"), ("destroy", HttpMethod.Delete, "/{name}", null),
            ("extend", HttpMethod.Post, "/{name}/extend", "{\"by\":\"1h\"}"), ("retry", HttpMethod.Post, "/{name}/retry", null), ("cancel", HttpMethod.Post, "/{name}/cancel", null),
            ("plan", HttpMethod.Post, "/{name}/plan", null), ("runs", HttpMethod.Get, "/{name}/runs", null), ("run", HttpMethod.Get, "/{name}/runs/20260101T0000000000000Z-00000000", null),
            ("logs", HttpMethod.Get, "/{name}/runs/20260101T0000000000000Z-00000000/logs", null),
        };
        var badNames = new[] { "Ab", "a_b", "-ab", "ab-", "a", new string('a', 41), "1ab", "ab.c", "%C3%A9t%C3%A9", "a%20b" };
        foreach (var project in badNames)
        {
            foreach (var (what, method, suffix, body) in endpoints)
            {
                yield return new BadRequest($"{what} in project {project}", method, $"/api/projects/{project}/environments" + suffix.Replace("{name}", Missing, StringComparison.Ordinal), body, 400, "project", "name.invalid") { IfMatch = "*" };
            }
        }

        foreach (var name in badNames)
        {
            foreach (var (what, method, suffix, body) in endpoints.Where(e => e.Suffix.Length > 0))
            {
                yield return new BadRequest($"{what} of environment {name}", method, Environments + suffix.Replace("{name}", name, StringComparison.Ordinal), body, 400, "name", "name.invalid") { IfMatch = "*" };
            }
        }

        // An encoded NUL in the path (%00) is refused by Kestrel itself (a bare 400, before any endpoint), so it is not here.
        foreach (var run in new[] { "not-a-run", "x", "20261203T0919299197894Z", "20261203T0919299197894Z-zzzzzzzz", "%20" })
        {
            yield return new BadRequest($"run {run}", HttpMethod.Get, $"{ReadyPath}/runs/{run}", null, 400, "run", "run.invalid-id");
            yield return new BadRequest($"logs of run {run}", HttpMethod.Get, $"{ReadyPath}/runs/{run}/logs", null, 400, "run", "run.invalid-id");
        }

        // Query strings.
        foreach (var size in new[] { "0", "-1", "201", "lots", "1e3", "5.0", "%205", "%2B5", "0x10", "99999999999", "" })
        {
            yield return new BadRequest($"list pageSize '{size}'", HttpMethod.Get, $"{Environments}?pageSize={size}", null, 400, "pageSize", "paging.page-size");
            yield return new BadRequest($"runs pageSize '{size}'", HttpMethod.Get, $"{ReadyPath}/runs?pageSize={size}", null, 400, "pageSize", "paging.page-size");
        }

        foreach (var status in new[] { "Sleeping", "4", "ready%3Bdrop", "Ready,,Nope", "*", "-1" })
        {
            yield return new BadRequest($"list status '{status}'", HttpMethod.Get, $"{Environments}?status={status}", null, 400, "status", "filter.status");
        }

        var otherList = Convert.ToBase64String(Encoding.UTF8.GetBytes("environments:other-project\nm-1")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var noSeparator = Convert.ToBase64String(Encoding.UTF8.GetBytes("environments:bad-matrix")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var token in new[] { "garbage", "%21%21%21", "%00", "a%20b", otherList, noSeparator, new string('A', 5000), "" })
        {
            var shown = token.Length > 30 ? token[..30] + "…" : token;
            yield return new BadRequest($"list continuationToken '{shown}'", HttpMethod.Get, $"{Environments}?continuationToken={token}", null, 400, "continuationToken", "paging.continuation-token");
            yield return new BadRequest($"runs continuationToken '{shown}'", HttpMethod.Get, $"{ReadyPath}/runs?continuationToken={token}", null, 400, "continuationToken", "paging.continuation-token");
        }

        foreach (var purge in new[] { "maybe", "yes", "2", "no", "on" })
        {
            yield return new BadRequest($"destroy purge '{purge}'", HttpMethod.Delete, $"{Environments}/{Missing}?purge={purge}", null, 400, "purge", "query.boolean");
        }

        foreach (var follow in new[] { "maybe", "yes", "2" })
        {
            yield return new BadRequest($"logs follow '{follow}'", HttpMethod.Get, $"{ReadyPath}/runs/20260101T0000000000000Z-00000000/logs?follow={follow}", null, 400, "follow", "query.boolean");
        }
    }

    private static BadRequest Create(string why, string body, int status, string field, string rule) =>
        new(why, HttpMethod.Post, Environments, body, status, field, rule);

    /// <summary>One bad request and the problem it must get.</summary>
    private sealed record BadRequest(string Why, HttpMethod Method, string Path, string? Body, int Status, string Field, string Rule)
    {
        public string? ContentType { get; init; } = "application/json";

        public string? IfMatch { get; init; }

        public string? IdempotencyKey { get; init; }

        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(Method, Path);
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
                if (ContentType is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
                }
            }

            if (IfMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", IfMatch);
            }

            if (IdempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
            }

            return request;
        }
    }
}
