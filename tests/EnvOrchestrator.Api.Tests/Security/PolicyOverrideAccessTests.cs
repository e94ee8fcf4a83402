using System.Net.Http.Json;
using EnvOrchestrator.Lifecycle.Contracts;

namespace EnvOrchestrator.Api.Tests.Security;

/// <summary><c>policyOverride</c> is for platform admins only; the role is checked before the lifecycle is called.</summary>
public sealed class PolicyOverrideAccessTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("POST", "/api/projects/team-a/environments")]
    [InlineData("PATCH", "/api/projects/team-a/environments/shop")]
    public async Task Override_ByAProjectAdmin_ForbiddenNamingTheFieldAndNothingCalled(string method, string path)
    {
        var key = await _host.CreateKeyAsync("olga", "project:team-a:project-admin");

        var (status, body) = await SendAsync(method, path, key);

        Assert.Equal(403, status);
        Assert.Equal(("policyOverride", "policy-override.platform-admin-only"), (body.GetProperty("field").GetString(), body.GetProperty("rule").GetString()));
        Assert.Empty(_host.Calls.Received);
    }

    [Fact]
    public async Task Override_ByAPlatformAdmin_ReachesTheLifecycleWithTheReason()
    {
        var key = await _host.CreateKeyAsync("pat", "platform-admin");

        var (created, _) = await SendAsync("POST", "/api/projects/team-a/environments", key);
        var (updated, _) = await SendAsync("PATCH", "/api/projects/team-a/environments/shop", key);

        Assert.Equal((SecurityHost.Reached, SecurityHost.Reached), (created, updated));
        var calls = _host.Calls.Received.ToList();
        Assert.Equal("release freeze exception", Assert.IsType<CreateEnvironmentCommand>(calls[0].Arguments[0]).OverrideReason);
        Assert.Equal("release freeze exception", Assert.IsType<UpdateEnvironmentCommand>(calls[1].Arguments[0]).OverrideReason);
    }

    private Task<(int Status, System.Text.Json.JsonElement Body)> SendAsync(string method, string path, string key) =>
        _host.SendAsync(new HttpMethod(method), path, key, request =>
        {
            var policyOverride = new { reason = "release freeze exception" };
            request.Content = method == "PATCH"
                ? JsonContent.Create(new { templateVersion = "1.0.0", policyOverride })
                : JsonContent.Create(new { name = "shop", template = "web-stack", policyOverride });
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        });
}
