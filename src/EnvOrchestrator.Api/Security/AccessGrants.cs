using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// The grant vocabulary shared by API keys, token role claims, group mappings and the development roles header:
/// <c>platform-admin</c>, <c>delegate</c> (may act on behalf of a user) and <c>project:{name}:{role}</c> with role
/// <c>viewer</c>, <c>developer</c> or <c>project-admin</c> (the old names <c>reader</c> and <c>owner</c> are aliases;
/// <c>*</c> as name means every project).
/// </summary>
public static class AccessGrants
{
    public const string PlatformAdmin = "platform-admin";
    public const string Delegate = "delegate";
    public const string Viewer = "viewer";
    public const string Developer = "developer";
    public const string ProjectAdmin = "project-admin";
    public const string AnyProject = "*";

    /// <summary>The canonical role for a role name or alias, else null.</summary>
    public static string? Role(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Viewer or "reader" => Viewer,
        Developer => Developer,
        ProjectAdmin or "owner" or "admin" => ProjectAdmin,
        _ => null,
    };

    /// <summary>Why <paramref name="grant"/> is not a grant, or null when it is one.</summary>
    public static string? Validate(string? grant)
    {
        if (string.IsNullOrWhiteSpace(grant))
        {
            return "A grant may not be empty.";
        }

        if (grant is PlatformAdmin or Delegate)
        {
            return null;
        }

        var parts = grant.Split(':');
        if (parts.Length != 3 || parts[0] != "project")
        {
            return $"'{grant}' is not a grant; use {PlatformAdmin}, {Delegate} or project:<name>:<{Viewer}|{Developer}|{ProjectAdmin}>.";
        }

        if (parts[1] != AnyProject && ProjectName.Validate(parts[1]) is { } invalid)
        {
            return $"'{grant}' names no valid project: {invalid}";
        }

        return Role(parts[2]) is null ? $"'{grant}' has no role {Viewer}, {Developer} or {ProjectAdmin}." : null;
    }

    /// <summary>An identity holding the valid ones among <paramref name="grants"/> (invalid ones grant nothing).</summary>
    public static RequestIdentity Identity(string name, bool authenticated, IEnumerable<string> grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        var platformAdmin = false;
        var canDelegate = false;
        foreach (var grant in grants.Select(g => g.Trim()).Where(g => Validate(g) is null))
        {
            switch (grant)
            {
                case PlatformAdmin:
                    platformAdmin = true;
                    break;
                case Delegate:
                    canDelegate = true;
                    break;
                default:
                    var parts = grant.Split(':');
                    var role = Role(parts[2])!;
                    if (!roles.TryGetValue(parts[1], out var held) || Rank(role) > Rank(held))
                    {
                        roles[parts[1]] = role;
                    }

                    break;
            }
        }

        return new RequestIdentity(name, authenticated, roles) { IsPlatformAdmin = platformAdmin, CanDelegate = canDelegate };
    }

    /// <summary>Higher is more: viewer 1, developer 2, project-admin 3; unknown 0.</summary>
    public static int Rank(string? role) => Role(role) switch
    {
        Viewer => 1,
        Developer => 2,
        ProjectAdmin => 3,
        _ => 0,
    };
}
