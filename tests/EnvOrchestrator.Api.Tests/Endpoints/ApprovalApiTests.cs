using System.Net;
using System.Text;
using System.Text.Json;

namespace EnvOrchestrator.Api.Tests.Endpoints;

/// <summary>
/// Approve and reject over HTTP (the lifecycle tests' catalog: approval-gate applies to project "gated"); callers
/// named by the development-mode user header.
/// </summary>
[Collection(ApiHostGroup.Name)]
public sealed class ApprovalApiTests(ApiHost host)
{
    [Fact(Timeout = 120_000)]
    public async Task ApproveOverHttp_ByAnotherUser_DeploysAndTheDecisionIsShown()
    {
        using var created = await host.CreateAsync("gated", new { name = "api-wanted", template = "tagged", ttl = "1h" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var environment = (await ApiHost.ReadJsonAsync(created)).GetProperty("environment");
        Assert.Equal("AwaitingApproval", environment.GetProperty("status").GetString());
        var approval = environment.GetProperty("approval");
        Assert.Equal(("deploy", "pending", "tester"), (approval.GetProperty("subject").GetString(), approval.GetProperty("state").GetString(), approval.GetProperty("requestedBy").GetString()));
        Assert.Equal("requireApproval", Assert.Single(approval.GetProperty("reasons").EnumerateArray()).GetProperty("rule").GetString());

        using var self = await DecideAsync("api-wanted", "approve", "tester", null);
        await AssertProblemAsync(self, HttpStatusCode.Forbidden, "approval.self-approval", field: null);

        using var approved = await DecideAsync("api-wanted", "approve", "reviewer", new { reason = "ok for the demo" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.NotNull(approved.Headers.ETag);
        var decided = (await ApiHost.ReadJsonAsync(approved)).GetProperty("approval");
        Assert.Equal(("approved", "reviewer", "ok for the demo"), (decided.GetProperty("state").GetString(), decided.GetProperty("decidedBy").GetString(), decided.GetProperty("reason").GetString()));
        var ready = await host.WaitSettledAsync("gated", "api-wanted", TimeSpan.FromSeconds(90));
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        Assert.Equal("approved", ready.GetProperty("approval").GetProperty("state").GetString());

        // Extending past the policy's 2h is held for an approver: 202, expiry unchanged.
        using var extend = await SendAsync(HttpMethod.Post, "/api/projects/gated/environments/api-wanted/extend", "tester", new { by = "2h" });
        Assert.Equal(HttpStatusCode.Accepted, extend.StatusCode);
        var held = await ApiHost.ReadJsonAsync(extend);
        Assert.Equal(ready.GetProperty("expiresAt").GetString(), held.GetProperty("expiresAt").GetString());
        Assert.Equal(("extension", "pending"), (held.GetProperty("approval").GetProperty("subject").GetString(), held.GetProperty("approval").GetProperty("state").GetString()));
    }

    [Fact(Timeout = 120_000)]
    public async Task RejectOverHttp_BadBodies_RefusedNamingTheFieldAndNothingChanges()
    {
        using var created = await host.CreateAsync("gated", new { name = "api-unwanted", template = "tagged", ttl = "1h" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var before = await host.Environments.FindAsync(Core.Environments.EnvironmentId.Parse("gated", "api-unwanted"), CancellationToken.None);

        using var noReason = await DecideAsync("api-unwanted", "reject", "reviewer", new { });
        await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "approval.reason-required", "reason");
        using var wrongType = await DecideAsync("api-unwanted", "reject", "reviewer", new { reason = 42 });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        using var control = await DecideAsync("api-unwanted", "reject", "reviewer", new { reason = "bad\u0007bell" });
        await AssertProblemAsync(control, HttpStatusCode.BadRequest, "approval.invalid-reason", "reason");
        using var tooLong = await DecideAsync("api-unwanted", "reject", "reviewer", new { reason = new string('x', 1001) });
        await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest, "approval.invalid-reason", "reason");
        using var missing = await DecideAsync("no-such-env", "approve", "reviewer", null);
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "environment.not-found", "name");
        var after = await host.Environments.FindAsync(Core.Environments.EnvironmentId.Parse("gated", "api-unwanted"), CancellationToken.None);
        Assert.Equal(before!.Version, after!.Version);

        using var rejected = await DecideAsync("api-unwanted", "reject", "reviewer", new { reason = "use staging" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var failed = await host.WaitSettledAsync("gated", "api-unwanted");
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("Approval.Rejected", failed.GetProperty("failure").GetProperty("errorType").GetString());
        using var twice = await DecideAsync("api-unwanted", "approve", "reviewer", null);
        await AssertProblemAsync(twice, HttpStatusCode.Conflict, "approval.already-decided", "status");
    }

    private Task<HttpResponseMessage> DecideAsync(string name, string action, string user, object? body) =>
        SendAsync(HttpMethod.Post, $"/api/projects/gated/environments/{name}/{action}", user, body);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string user, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        request.Headers.Add("X-EnvOrch-User", user);
        return host.Http.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string rule, string? field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", ApiHost.ContentType(response)?.MediaType);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        Assert.Equal(field, problem.TryGetProperty("field", out var f) ? f.GetString() : null);
    }
}
