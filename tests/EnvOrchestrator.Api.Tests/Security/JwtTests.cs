using System.Security.Claims;
using System.Security.Cryptography;
using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EnvOrchestrator.Api.Tests.Security;

/// <summary>
/// Bearer JWTs signed by the test with its own RSA key, configured directly as the issuer's signing key (no network,
/// no metadata): the right issuer, audience, lifetime and signature are accepted, anything else is 401.
/// </summary>
public sealed class JwtTests : IAsyncLifetime
{
    private const string Issuer = "https://login.example.test/tenant/v2.0";
    private const string Audience = "api://envorch";
    private const string GroupId = "5a8c1f0e-0000-4000-8000-000000000001";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _forger = RSA.Create(2048);
    private SecurityHost _host = null!;

    public async Task InitializeAsync()
    {
        var key = new RsaSecurityKey(_rsa) { KeyId = "test-key" };
        _host = await SecurityHost.StartAsync(
            s =>
            {
                s.Jwt.Issuer = Issuer;
                s.Jwt.Audience = Audience;
                s.Jwt.GroupGrants[GroupId] = ["project:team-g:developer"];
            },
            services => services.PostConfigure<JwtBearerOptions>(JwtBearerSetup.Scheme, o => o.TokenValidationParameters.IssuerSigningKey = key));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _rsa.Dispose();
        _forger.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_Valid_CallerNamedAndRolesFromClaim()
    {
        var token = Token(roles: ["project:team-a:developer"]);

        var (create, _) = await _host.SendAsync(HttpMethod.Post, "/api/projects/team-a/environments", token, r => r.Content = System.Net.Http.Json.JsonContent.Create(new { name = "env-1", template = "web-stack" }));
        var (purge, _) = await _host.SendAsync(HttpMethod.Delete, "/api/projects/team-a/environments/env-1?purge=true", token);

        Assert.Equal(SecurityHost.Reached, create);
        Assert.Equal(403, purge);
        var command = Assert.IsType<Lifecycle.Contracts.CreateEnvironmentCommand>(_host.Calls.Received.Single(c => c.Method == "CreateAsync").Arguments[0]);
        Assert.Equal("alice@example.test", command.RequestedBy);
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_GroupMapped_GetsTheMappedGrants()
    {
        var token = Token(groups: [GroupId]);

        var (own, _) = await _host.SendAsync(HttpMethod.Get, "/api/projects/team-g/environments", token);
        var (other, _) = await _host.SendAsync(HttpMethod.Get, "/api/projects/team-a/environments", token);

        Assert.Equal(SecurityHost.Reached, own);
        Assert.Equal(403, other);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("wrong-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("expired")]
    [InlineData("forged-signature")]
    [InlineData("unsigned")]
    public async Task Token_Invalid_Refused401(string flaw)
    {
        var token = flaw switch
        {
            "wrong-audience" => Token(audience: "api://someone-else"),
            "wrong-issuer" => Token(issuer: "https://evil.example.test/"),
            "expired" => Token(expires: DateTime.UtcNow.AddHours(-1)),
            "forged-signature" => Token(signer: _forger),
            _ => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Issuer = Issuer, Audience = Audience, Subject = Subject("mallory", ["platform-admin"], []), Expires = DateTime.UtcNow.AddHours(1) }),
        };

        var (status, problem) = await _host.SendAsync(HttpMethod.Get, "/api/templates", token);

        Assert.Equal(401, status);
        Assert.Equal("identity.required", problem.GetProperty("rule").GetString());
    }

    private string Token(
        string[]? roles = null, string[]? groups = null, string issuer = Issuer, string audience = Audience, DateTime? expires = null, RSA? signer = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = Subject("alice@example.test", roles ?? [], groups ?? []),
            IssuedAt = exp.AddHours(-2),
            NotBefore = exp.AddHours(-2),
            Expires = exp,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer ?? _rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static ClaimsIdentity Subject(string user, string[] roles, string[] groups) =>
        new([
            new Claim("preferred_username", user),
            .. roles.Select(r => new Claim("roles", r)),
            .. groups.Select(g => new Claim("groups", g)),
        ]);
}
