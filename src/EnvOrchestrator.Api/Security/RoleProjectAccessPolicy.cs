namespace EnvOrchestrator.Api.Security;

/// <summary>
/// The roles (docs/security.md): <c>viewer</c> reads; <c>developer</c> also creates, changes and destroys the
/// project's environments and see their secrets; <c>project-admin</c> also approves, purges and manages webhooks; <c>platform-admin</c> may do everything everywhere,
/// including administration. Without a project, reading (the catalog) needs only an identity.
/// </summary>
public sealed class RoleProjectAccessPolicy : IProjectAccessPolicy
{
    public ValueTask<AccessDecision> DecideAsync(RequestIdentity identity, string? project, ProjectAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return ValueTask.FromResult(Decide(identity, project, action));
    }

    /// <summary>The lowest role that may do <paramref name="action"/> in a project (rank, see <see cref="AccessGrants.Rank"/>); null for platform-admin only.</summary>
    public static int? RequiredRank(ProjectAction action) => action switch
    {
        ProjectAction.Read => 1,
        ProjectAction.Create or ProjectAction.Change or ProjectAction.Reveal or ProjectAction.Destroy => 2,
        ProjectAction.Approve or ProjectAction.Purge or ProjectAction.ManageWebhooks => 3,
        _ => null,
    };

    private static AccessDecision Decide(RequestIdentity identity, string? project, ProjectAction action)
    {
        if (identity.IsPlatformAdmin)
        {
            return AccessDecision.Allow;
        }

        var verb = action.ToString().ToLowerInvariant();
        var required = RequiredRank(action);
        if (required is null)
        {
            return new AccessDecision(AccessOutcome.Forbidden, $"'{identity.Name}' may not {verb}: platform-admin only.");
        }

        if (project is null)
        {
            return action == ProjectAction.Read
                ? AccessDecision.Allow
                : new AccessDecision(AccessOutcome.Forbidden, $"'{identity.Name}' may not {verb} outside a project.");
        }

        var role = new[] { project, AccessGrants.AnyProject }
            .Select(p => identity.ProjectRoles.GetValueOrDefault(p))
            .MaxBy(AccessGrants.Rank);
        var rank = AccessGrants.Rank(role);
        if (rank == 0)
        {
            return new AccessDecision(AccessOutcome.NoAccess, $"'{identity.Name}' has no role in project '{project}'.");
        }

        return rank >= required
            ? AccessDecision.Allow
            : new AccessDecision(AccessOutcome.Forbidden, $"'{identity.Name}' may not {verb} in project '{project}' (role: {AccessGrants.Role(role)}).");
    }
}
