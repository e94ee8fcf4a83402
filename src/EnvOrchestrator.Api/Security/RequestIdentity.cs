namespace EnvOrchestrator.Api.Security;

/// <summary>
/// Who is calling, as the identity seam resolved it. <see cref="Name"/> is what environments and runs record: the
/// caller's own name, or <c>alice (via portal-bot)</c> when <see cref="Actor"/> acts on behalf of
/// <see cref="OnBehalfOf"/>.
/// </summary>
/// <param name="ProjectRoles">Per-project roles (project or <c>*</c> → <c>viewer</c>, <c>developer</c>, <c>project-admin</c>).</param>
public sealed record RequestIdentity(string Name, bool IsAuthenticated, IReadOnlyDictionary<string, string> ProjectRoles)
{
    public static RequestIdentity Anonymous { get; } = new("anonymous", false, new Dictionary<string, string>());

    /// <summary>Catalog, policies, API keys and every project.</summary>
    public bool IsPlatformAdmin { get; init; }

    /// <summary>May name another user in <c>X-EnvOrch-On-Behalf-Of</c>.</summary>
    public bool CanDelegate { get; init; }

    /// <summary>Whose credentials the request carries.</summary>
    public string Actor { get; init; } = Name;

    /// <summary>The user the actor acts for, or null when it acts for itself.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The user the request is for: <see cref="OnBehalfOf"/>, else <see cref="Actor"/>.</summary>
    public string Subject => OnBehalfOf ?? Actor;

    /// <summary>The same grants, acting for <paramref name="user"/> and recorded as <c>user (via actor)</c>.</summary>
    public RequestIdentity ActingFor(string user) => this with { OnBehalfOf = user, Name = $"{user} (via {Actor})" };
}
