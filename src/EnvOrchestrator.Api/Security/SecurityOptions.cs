namespace EnvOrchestrator.Api.Security;

/// <summary>How callers are authenticated (section <see cref="SectionName"/>); see docs/security.md.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary><see cref="SecurityMode.Production"/> unless set: only API keys and bearer tokens identify callers.</summary>
    public SecurityMode Mode { get; set; } = SecurityMode.Production;

    /// <summary>
    /// A platform-admin key accepted without being stored (<c>eok_</c> followed by at least 32 characters), to create
    /// the first stored keys on a new install; remove it once those exist.
    /// </summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>Entra ID / OIDC bearer tokens; off until <see cref="JwtSecurityOptions.Audience"/> is set.</summary>
    public JwtSecurityOptions Jwt { get; set; } = new();

    public bool IsDevelopment => Mode == SecurityMode.Development;
}

/// <summary>Whether unauthenticated development identities are accepted.</summary>
public enum SecurityMode
{
    /// <summary>API keys and bearer tokens only; the service refuses to start without a way to authenticate.</summary>
    Production,

    /// <summary>
    /// Also the development headers (<c>X-EnvOrch-User</c>, <c>X-EnvOrch-Roles</c>), trusted as sent: for a local
    /// machine only. Said loudly at start-up and on every response.
    /// </summary>
    Development,
}

/// <summary>Bearer JWTs from Entra ID or another OIDC issuer (section <c>Security:Jwt</c>).</summary>
public sealed class JwtSecurityOptions
{
    /// <summary>The issuer's base URL, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>; metadata is read from it.</summary>
    public string? Authority { get; set; }

    /// <summary>The OIDC metadata document, when not at <see cref="Authority"/><c>/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The accepted <c>iss</c>; the metadata's issuer when empty.</summary>
    public string? Issuer { get; set; }

    /// <summary>The accepted <c>aud</c> (e.g. <c>api://envorch</c>); bearer tokens are accepted only when set.</summary>
    public string? Audience { get; set; }

    /// <summary>Metadata over plain HTTP is refused unless this is false (a local test issuer).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim holding grants: <c>platform-admin</c>, <c>delegate</c>, <c>project:{name}:{role}</c> (Entra app roles).</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>The claim holding group ids, mapped through <see cref="GroupGrants"/>.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Claims tried in order for the caller's recorded name.</summary>
    public List<string> NameClaims { get; set; } = ["preferred_username", "upn", "email", "name", "sub"];

    /// <summary>Group id → grants, for tenants that assign access by group rather than app role.</summary>
    public Dictionary<string, List<string>> GroupGrants { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Audience);
}
