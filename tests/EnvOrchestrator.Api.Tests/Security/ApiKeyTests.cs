using System.Net.Http.Json;
using System.Text.Json;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Api.Tests.Security;

/// <summary>API keys through <c>/api/admin/api-keys</c>: shown once, listed without secrets, refused once revoked or expired.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
    private SecurityHost _host = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await SecurityHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(_time));
        _admin = await _host.CreateKeyAsync("pat", "platform-admin");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Create_ValidRequest_ShowsKeyOnceAndStoresOnlyItsHash()
    {
        var (status, created) = await CreateAsync(new { name = "ci", grants = new[] { "project:team-a:developer" } });

        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        var stored = await _host.Services.GetRequiredService<IApiKeyStore>().FindAsync(id, CancellationToken.None);
        var (_, listed) = await _host.SendAsync(HttpMethod.Get, "/api/admin/api-keys", _admin);
        Assert.Equal(201, status);
        Assert.StartsWith($"eok_{id}_", key, StringComparison.Ordinal);
        Assert.Equal("pat", created.GetProperty("createdBy").GetString());
        Assert.NotNull(stored);
        Assert.Equal(ApiKeyTokens.Hash(key[$"eok_{id}_".Length..]), stored.SecretHash);
        Assert.DoesNotContain(key[$"eok_{id}_".Length..], JsonSerializer.Serialize(stored), StringComparison.Ordinal);
        Assert.DoesNotContain(key[$"eok_{id}_".Length..], listed.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(listed.EnumerateArray(), k => k.GetProperty("id").GetString() == id && !k.TryGetProperty("key", out _));
    }

    [Fact(Timeout = 30_000)]
    public async Task Key_AsBearerOrHeader_IdentifiesTheCallerWithItsGrants()
    {
        var (_, created) = await CreateAsync(new { name = "ci", grants = new[] { "project:team-a:developer" } });
        var key = created.GetProperty("key").GetString()!;

        var (asBearer, _) = await _host.SendAsync(HttpMethod.Delete, "/api/projects/team-a/environments/env-1", key);
        var (asHeader, _) = await _host.SendAsync(HttpMethod.Delete, "/api/projects/team-a/environments/env-1", configure: r => r.Headers.Add("X-Api-Key", key));
        var (purge, purgeBody) = await _host.SendAsync(HttpMethod.Delete, "/api/projects/team-a/environments/env-1?purge=true", key);

        Assert.Equal(SecurityHost.Reached, asBearer);
        Assert.Equal(SecurityHost.Reached, asHeader);
        Assert.Equal(403, purge);
        Assert.Equal("access.denied", purgeBody.GetProperty("rule").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Revoke_Key_RefusedFromTheNextRequest()
    {
        var (_, created) = await CreateAsync(new { name = "ci", grants = new[] { "project:team-a:viewer" } });
        var key = created.GetProperty("key").GetString()!;
        var (before, _) = await _host.SendAsync(HttpMethod.Get, "/api/projects/team-a/environments", key);

        var (revoked, view) = await _host.SendAsync(HttpMethod.Delete, $"/api/admin/api-keys/{created.GetProperty("id").GetString()}", _admin);
        var (after, problem) = await _host.SendAsync(HttpMethod.Get, "/api/projects/team-a/environments", key);

        Assert.Equal(SecurityHost.Reached, before);
        Assert.Equal(200, revoked);
        Assert.True(view.GetProperty("revoked").GetBoolean());
        Assert.Equal("pat", view.GetProperty("revokedBy").GetString());
        Assert.Equal(401, after);
        Assert.Equal("identity.required", problem.GetProperty("rule").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Key_PastItsExpiry_Refused()
    {
        var (_, created) = await CreateAsync(new { name = "short", grants = new[] { "project:team-a:viewer" }, expiresAt = _time.GetUtcNow().AddHours(1) });
        var key = created.GetProperty("key").GetString()!;
        var (before, _) = await _host.SendAsync(HttpMethod.Get, "/api/projects/team-a/environments", key);

        _time.Advance(TimeSpan.FromHours(1));
        var (after, _) = await _host.SendAsync(HttpMethod.Get, "/api/projects/team-a/environments", key);
        var (_, listed) = await _host.SendAsync(HttpMethod.Get, "/api/admin/api-keys", _admin);

        Assert.Equal(SecurityHost.Reached, before);
        Assert.Equal(401, after);
        Assert.False(listed.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "short").GetProperty("active").GetBoolean());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("eok_0123456789abcdef_notthesecretnotthesecretnotthesecret")]
    [InlineData("eok_zz_short")]
    [InlineData("not-a-key")]
    public async Task Key_WrongOrMalformed_Refused401(string key)
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Get, "/api/templates", key);

        Assert.Equal(401, status);
        Assert.Equal("identity.required", problem.GetProperty("rule").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Key_RightIdWrongSecret_Refused401()
    {
        var key = await _host.CreateKeyAsync("ci", "platform-admin");
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var (status, _) = await _host.SendAsync(HttpMethod.Get, "/api/templates", forged);

        Assert.Equal(401, status);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"name":"","grants":["platform-admin"]}""", "name")]
    [InlineData("""{"name":"x","grants":[]}""", "grants")]
    [InlineData("""{"name":"x","grants":["project:Team_A:developer"]}""", "grants[0]")]
    [InlineData("""{"name":"x","grants":["platform-admin","project:team-a:superuser"]}""", "grants[1]")]
    [InlineData("""{"name":"x","grants":["platform-admin"],"expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt")]
    public async Task Create_BadRequest_Refused400NamingTheField(string json, string field)
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Post, "/api/admin/api-keys", _admin, r => r.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var stored = await _host.Services.GetRequiredService<IApiKeyStore>().ListAsync(CancellationToken.None);

        Assert.Equal(400, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Single(stored);
    }

    [Fact(Timeout = 30_000)]
    public async Task Revoke_UnknownKey_Answers404()
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Delete, "/api/admin/api-keys/ffffffffffffffff", _admin);

        Assert.Equal(404, status);
        Assert.Equal("api-key.not-found", problem.GetProperty("rule").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task BootstrapAdminKey_Configured_ActsAsPlatformAdmin()
    {
        const string bootstrap = "eok_bootstrap_0123456789abcdefghijklmnopqrstuv";
        await using var host = await SecurityHost.StartAsync(s => s.BootstrapAdminKey = bootstrap);

        var (status, created) = await host.SendAsync(HttpMethod.Post, "/api/admin/api-keys", bootstrap, r => r.Content = JsonContent.Create(new { name = "first", grants = new[] { "platform-admin" } }));

        Assert.Equal(201, status);
        Assert.Equal(ApiKeyService.BootstrapName, created.GetProperty("createdBy").GetString());
    }

    private Task<(int Status, JsonElement Body)> CreateAsync(object body) =>
        _host.SendAsync(HttpMethod.Post, "/api/admin/api-keys", _admin, r => r.Content = JsonContent.Create(body));
}
