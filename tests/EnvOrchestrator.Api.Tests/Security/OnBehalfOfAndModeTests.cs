using System.Net.Http.Json;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Lifecycle.Contracts;

namespace EnvOrchestrator.Api.Tests.Security;

/// <summary>On-behalf-of (a delegating caller names the user; both are recorded) and what each security mode accepts.</summary>
public sealed class OnBehalfOfAndModeTests
{
    [Fact(Timeout = 30_000)]
    public async Task OnBehalfOf_DelegatingKey_RecordsUserViaActor()
    {
        await using var host = await SecurityHost.StartAsync();
        var bot = await host.CreateKeyAsync("portal-bot", "project:team-a:developer", "delegate");

        var (status, _) = await host.SendAsync(HttpMethod.Post, "/api/projects/team-a/environments", bot, r =>
        {
            r.Headers.Add(ProjectAccess.OnBehalfOfHeader, "alice");
            r.Content = JsonContent.Create(new { name = "env-1", template = "web-stack" });
        });
        var (destroy, _) = await host.SendAsync(HttpMethod.Delete, "/api/projects/team-a/environments/env-1", bot, r => r.Headers.Add(ProjectAccess.OnBehalfOfHeader, "alice"));

        Assert.Equal(SecurityHost.Reached, status);
        Assert.Equal(SecurityHost.Reached, destroy);
        var create = Assert.IsType<CreateEnvironmentCommand>(host.Calls.Received.Single(c => c.Method == "CreateAsync").Arguments[0]);
        var destroyed = Assert.IsType<EnvironmentCommand>(host.Calls.Received.Single(c => c.Method == "DestroyAsync").Arguments[0]);
        Assert.Equal("alice (via portal-bot)", create.RequestedBy);
        Assert.Equal("alice (via portal-bot)", destroyed.RequestedBy);
    }

    [Fact(Timeout = 30_000)]
    public async Task OnBehalfOf_KeyWithoutDelegate_Refused403()
    {
        await using var host = await SecurityHost.StartAsync();
        var key = await host.CreateKeyAsync("ci", "project:team-a:project-admin");

        var (status, problem) = await host.SendAsync(HttpMethod.Get, "/api/projects/team-a/environments", key, r => r.Headers.Add(ProjectAccess.OnBehalfOfHeader, "alice"));

        Assert.Equal(403, status);
        Assert.Equal("delegation.denied", problem.GetProperty("rule").GetString());
        Assert.Empty(host.Calls.Received);
    }

    [Fact(Timeout = 30_000)]
    public async Task OnBehalfOf_ControlCharacters_Refused400()
    {
        await using var host = await SecurityHost.StartAsync();
        var bot = await host.CreateKeyAsync("portal-bot", "platform-admin", "delegate");

        var (status, problem) = await host.SendAsync(HttpMethod.Get, "/api/projects/team-a/environments", bot, r => r.Headers.TryAddWithoutValidation(ProjectAccess.OnBehalfOfHeader, new string('a', 201)));

        Assert.Equal(400, status);
        Assert.Equal("delegation.invalid-user", problem.GetProperty("rule").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task ProductionMode_DevelopmentHeaders_Refused401AndNoModeHeader()
    {
        await using var host = await SecurityHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects/team-a/environments");
        request.Headers.Add(HeaderRequestIdentity.UserHeader, "alice");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.False(response.Headers.Contains(SecurityModeHeader.Name));
    }

    [Fact(Timeout = 30_000)]
    public async Task DevelopmentMode_HeadersAccepted_EveryResponseSaysSo()
    {
        await using var host = await SecurityHost.StartAsync(s => s.Mode = SecurityMode.Development);
        using var asAlice = new HttpRequestMessage(HttpMethod.Delete, "/api/projects/demo/environments/shop-dev");
        asAlice.Headers.Add(HeaderRequestIdentity.UserHeader, "alice");
        using var asViewer = new HttpRequestMessage(HttpMethod.Delete, "/api/projects/demo/environments/shop-dev");
        asViewer.Headers.Add(HeaderRequestIdentity.UserHeader, "vic");
        asViewer.Headers.Add(HeaderRequestIdentity.RolesHeader, "demo=reader");
        using var unknownRoute = new HttpRequestMessage(HttpMethod.Get, "/nothing-here");

        using var alice = await host.Http.SendAsync(asAlice);
        using var viewer = await host.Http.SendAsync(asViewer);
        using var notFound = await host.Http.SendAsync(unknownRoute);

        Assert.Equal(SecurityHost.Reached, (int)alice.StatusCode);
        Assert.Equal(403, (int)viewer.StatusCode);
        Assert.Equal(404, (int)notFound.StatusCode);
        Assert.All(new[] { alice, viewer, notFound }, r => Assert.Equal(SecurityModeHeader.DevelopmentValue, r.Headers.GetValues(SecurityModeHeader.Name).Single()));
    }

    [Fact(Timeout = 30_000)]
    public async Task DevelopmentMode_KeysStillWork_AndWinOverHeaders()
    {
        await using var host = await SecurityHost.StartAsync(s => s.Mode = SecurityMode.Development);
        var viewer = await host.CreateKeyAsync("vera", "project:demo:viewer");

        var (status, _) = await host.SendAsync(HttpMethod.Delete, "/api/projects/demo/environments/shop-dev", viewer, r => r.Headers.Add(HeaderRequestIdentity.UserHeader, "alice"));

        Assert.Equal(403, status);
    }
}
