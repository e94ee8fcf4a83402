namespace EnvOrchestrator.Api.Security;

/// <summary>Decides whether an identity may do an action (in a project, or platform-wide when it is null): the one seam for roles.</summary>
public interface IProjectAccessPolicy
{
    ValueTask<AccessDecision> DecideAsync(RequestIdentity identity, string? project, ProjectAction action, CancellationToken cancellationToken);
}

/// <summary>What the policy decided; <see cref="Reason"/> is shown to the caller when refused.</summary>
public sealed record AccessDecision(AccessOutcome Outcome, string? Reason)
{
    public static AccessDecision Allow { get; } = new(AccessOutcome.Allowed, null);
}

public enum AccessOutcome
{
    Allowed,

    /// <summary>The caller has a role in the project, but not one that allows this (403).</summary>
    Forbidden,

    /// <summary>
    /// The caller has no role in the project at all: where a named thing would be revealed, answered as if it did not
    /// exist (404), else as <see cref="Forbidden"/>.
    /// </summary>
    NoAccess,
}
