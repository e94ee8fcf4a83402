using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// Development identity from headers (only in <see cref="SecurityMode.Development"/>): <c>X-EnvOrch-User: alice</c>
/// and optionally <c>X-EnvOrch-Roles: team-a=owner,team-b=viewer,delegate</c> (<c>project=role</c> entries or grants).
/// Trusts the client completely. Without a roles header the caller may do everything (platform-admin), as before
/// roles existed; without the user header it is <c>anonymous</c>, with the same rights.
/// </summary>
public sealed class HeaderRequestIdentity : IRequestIdentity
{
    public const string UserHeader = "X-EnvOrch-User";
    public const string RolesHeader = "X-EnvOrch-Roles";
    private const int MaxNameLength = 200;

    public ValueTask<RequestIdentity?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.Request.Headers[UserHeader].ToString();
        var rolesHeader = context.Request.Headers[RolesHeader];
        if (string.IsNullOrWhiteSpace(user))
        {
            return ValueTask.FromResult<RequestIdentity?>(Everything(RequestIdentity.Anonymous.Name, authenticated: false));
        }

        if (user.Length > MaxNameLength || user.Any(char.IsControl))
        {
            return ValueTask.FromResult<RequestIdentity?>(null);
        }

        if (rolesHeader.Count == 0)
        {
            return ValueTask.FromResult<RequestIdentity?>(Everything(user.Trim(), authenticated: true));
        }

        var grants = new List<string>();
        foreach (var entry in rolesHeader.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            grants.Add(parts.Length == 2 ? $"project:{parts[0]}:{parts[1]}" : entry);
        }

        return ValueTask.FromResult<RequestIdentity?>(AccessGrants.Identity(user.Trim(), true, grants));
    }

    private static RequestIdentity Everything(string name, bool authenticated) =>
        AccessGrants.Identity(name, authenticated, [AccessGrants.PlatformAdmin, AccessGrants.Delegate]);
}
