using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// Development identity from headers: <c>X-EnvOrch-User: alice</c> and <c>X-EnvOrch-Roles: team-a=owner,team-b=reader</c>.
/// Trusts the client completely, so it is only for local use and tests; without the user header the caller is anonymous.
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
        if (string.IsNullOrWhiteSpace(user))
        {
            return ValueTask.FromResult<RequestIdentity?>(RequestIdentity.Anonymous);
        }

        if (user.Length > MaxNameLength || user.Any(char.IsControl))
        {
            return ValueTask.FromResult<RequestIdentity?>(null);
        }

        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in context.Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2)
            {
                roles[parts[0]] = parts[1];
            }
        }

        return ValueTask.FromResult<RequestIdentity?>(new RequestIdentity(user.Trim(), true, roles));
    }
}
