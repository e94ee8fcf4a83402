using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// The gate every caller passes, whatever the transport (the API's endpoint filter, the MCP tools): a valid project
/// name, a resolved identity, an allowed on-behalf-of (<see cref="OnBehalfOfHeader"/>) and the access policy's
/// consent for the action. Refusals are <see cref="LifecycleProblem"/>s, so each transport answers them as it
/// answers any other problem. A caller with no role at all in the project who names an environment is told that
/// the environment does not exist, exactly as when it does not.
/// </summary>
public sealed class ProjectAccess(IRequestIdentity identities, IProjectAccessPolicy policy)
{
    public const string OnBehalfOfHeader = "X-EnvOrch-On-Behalf-Of";
    private const int MaxNameLength = 200;

    private static readonly LifecycleProblem NoIdentity =
        new(ProblemCodes.Unauthenticated, "The request carries no acceptable identity.", "Authorization", "identity.required");

    /// <summary>The caller when allowed, else the reason as a problem (invalid-request, unauthenticated or forbidden).</summary>
    public Task<(RequestIdentity? Identity, LifecycleProblem? Problem)> CheckAsync(
        HttpContext context, string? project, ProjectAction action, CancellationToken cancellationToken) =>
        CheckAsync(context, project, null, action, cancellationToken);

    /// <summary>As the other overload; <paramref name="environment"/> is the environment the request names, if any.</summary>
    public async Task<(RequestIdentity? Identity, LifecycleProblem? Problem)> CheckAsync(
        HttpContext context, string? project, string? environment, ProjectAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (project is not null && ProjectName.Validate(project) is { } invalid)
        {
            return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, invalid, "project", "name.invalid"));
        }

        var identity = await identities.ResolveAsync(context, cancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            return (null, NoIdentity);
        }

        var onBehalfOf = context.Request.Headers[OnBehalfOfHeader].ToString();
        if (onBehalfOf.Length > 0)
        {
            if (!identity.CanDelegate)
            {
                return (null, new LifecycleProblem(ProblemCodes.Forbidden, $"'{identity.Name}' may not act on behalf of another user.", OnBehalfOfHeader, "delegation.denied"));
            }

            if (string.IsNullOrWhiteSpace(onBehalfOf) || onBehalfOf.Length > MaxNameLength || onBehalfOf.Any(char.IsControl))
            {
                return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, $"{OnBehalfOfHeader} must be a user name of at most {MaxNameLength} printable characters.", OnBehalfOfHeader, "delegation.invalid-user"));
            }

            identity = identity.ActingFor(onBehalfOf.Trim());
        }

        var decision = await policy.DecideAsync(identity, project, action, cancellationToken).ConfigureAwait(false);
        return decision.Outcome switch
        {
            AccessOutcome.Allowed => (identity, null),
            AccessOutcome.NoAccess when project is not null && environment is not null && ProjectName.Validate(project) is null
                && EnvironmentName.Validate(environment) is null => (null, NotFound(project, environment)),
            _ => (null, new LifecycleProblem(ProblemCodes.Forbidden, decision.Reason ?? "Access denied.", "project", "access.denied")),
        };
    }

    /// <summary>The lifecycle's own answer for a missing environment, word for word.</summary>
    private static LifecycleProblem NotFound(string project, string environment) =>
        new(ProblemCodes.NotFound, $"Project '{project}' has no environment named '{environment}'.", "name", "environment.not-found");
}
