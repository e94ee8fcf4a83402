using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// The JwtBearer scheme behind bearer tokens, configured from <see cref="JwtSecurityOptions"/>. It is never the
/// default scheme's business to decide access: <see cref="ServiceRequestIdentity"/> asks it for bearer tokens that
/// are not API keys, and maps the principal's claims to grants here.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<SecurityOptions> security, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public const string Scheme = "EnvOrchJwt";

    public void Configure(JwtBearerOptions options) => Configure(Scheme, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != Scheme)
        {
            return;
        }

        var jwt = security.Value.Jwt;
        options.MapInboundClaims = false;
        options.TimeProvider = time;
        options.Authority = string.IsNullOrWhiteSpace(jwt.Authority) ? null : jwt.Authority;
        options.MetadataAddress = string.IsNullOrWhiteSpace(jwt.MetadataAddress) ? null! : jwt.MetadataAddress;
        options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        options.Audience = jwt.Audience;
        options.TokenValidationParameters.ValidAudience = jwt.Audience;
        options.TokenValidationParameters.ValidateAudience = true;
        options.TokenValidationParameters.ValidateIssuer = true;
        options.TokenValidationParameters.ValidateLifetime = true;
        options.TokenValidationParameters.RequireExpirationTime = true;
        options.TokenValidationParameters.RequireSignedTokens = true;
        if (!string.IsNullOrWhiteSpace(jwt.Issuer))
        {
            options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
        }

        options.Events = new JwtBearerEvents
        {
            // API keys travel as bearer tokens too; they are not JWTs, and without configuration nothing is one.
            OnMessageReceived = context =>
            {
                var header = context.Request.Headers.Authorization.ToString();
                if (!jwt.IsConfigured || header.StartsWith("Bearer " + ApiKeyTokens.Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    context.NoResult();
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The caller a validated token names, with its grants from the roles claim and the group mapping.</summary>
    public static RequestIdentity? Identity(ClaimsPrincipal principal, JwtSecurityOptions jwt)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(jwt);
        var name = jwt.NameClaims.Select(c => principal.FindFirst(c)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (name is null || name.Length > 200 || name.Any(char.IsControl))
        {
            return null;
        }

        var grants = principal.FindAll(jwt.RolesClaim).Select(c => c.Value).ToList();
        foreach (var group in principal.FindAll(jwt.GroupsClaim).Select(c => c.Value))
        {
            if (jwt.GroupGrants.TryGetValue(group, out var mapped))
            {
                grants.AddRange(mapped);
            }
        }

        return AccessGrants.Identity(name, true, grants);
    }
}
