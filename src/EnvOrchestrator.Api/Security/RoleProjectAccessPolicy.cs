namespace EnvOrchestrator.Api.Security;

/// <summary>
/// Development roles from <see cref="RequestIdentity.ProjectRoles"/>: <c>reader</c> reads, <c>developer</c> also
/// creates and changes, <c>owner</c> also destroys. A project the identity has no role in is denied.
/// </summary>
public sealed class RoleProjectAccessPolicy : IProjectAccessPolicy
{
    public ValueTask<string?> DenyReasonAsync(RequestIdentity identity, string project, ProjectAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var role = identity.ProjectRoles.TryGetValue(project, out var r) ? r : identity.ProjectRoles.GetValueOrDefault("*");
        var allowed = (role, action) switch
        {
            ("owner", _) => true,
            ("developer", not ProjectAction.Destroy) => true,
            ("reader", ProjectAction.Read) => true,
            _ => false,
        };
        return ValueTask.FromResult(allowed ? null : $"'{identity.Name}' may not {action.ToString().ToLowerInvariant()} in project '{project}' (role: {role ?? "none"}).");
    }
}
