namespace EnvOrchestrator.Api.Security;

/// <summary>Who is calling, as the identity seam resolved it. <see cref="Name"/> is recorded on environments and runs.</summary>
/// <param name="ProjectRoles">Per-project roles the identity source vouches for (project → role); empty when it has none.</param>
public sealed record RequestIdentity(string Name, bool IsAuthenticated, IReadOnlyDictionary<string, string> ProjectRoles)
{
    public static RequestIdentity Anonymous { get; } = new("anonymous", false, new Dictionary<string, string>());
}
