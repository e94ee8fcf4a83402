using System.Text.Json;

namespace EnvOrchestrator.Lifecycle.Contracts;

/// <summary>Create <paramref name="Name"/> in <paramref name="Project"/> from <paramref name="Template"/> (<c>name</c> or <c>name@version</c>).</summary>
/// <param name="Inputs">Environment template inputs as JSON values; omitted inputs take their defaults.</param>
/// <param name="Ttl">Requested lifetime; the template's default when null, refused above its maximum.</param>
/// <param name="RequestedBy">The caller's identity, recorded on the environment and its runs.</param>
public sealed record CreateEnvironmentCommand(
    string Project,
    string Name,
    string Template,
    IReadOnlyDictionary<string, JsonElement> Inputs,
    TimeSpan? Ttl,
    string RequestedBy)
{
    /// <summary>The client's key for safe retries (scope: project + create); null for none.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// A platform admin's reason to go ahead whatever the policies say (the host checks the role); null for none.
    /// See <see cref="Core.Policies.PolicyOverride"/>.
    /// </summary>
    public string? OverrideReason { get; init; }

    /// <summary>Whether the caller may create from a draft version (the host grants it to platform admins).</summary>
    public bool AllowDraft { get; init; }
}

/// <summary>Change an environment's inputs (merged over the current ones) and/or its template version.</summary>
/// <param name="IfMatch">The environment's <see cref="EnvironmentView.ETag"/> as read by the caller; null skips the check.</param>
public sealed record UpdateEnvironmentCommand(
    string Project,
    string Name,
    IReadOnlyDictionary<string, JsonElement>? Inputs,
    string? TemplateVersion,
    string? IfMatch,
    string RequestedBy)
{
    /// <summary>As <see cref="CreateEnvironmentCommand.OverrideReason"/>.</summary>
    public string? OverrideReason { get; init; }
}

/// <summary>A command on one environment with nothing more to say: destroy, retry, cancel.</summary>
public sealed record EnvironmentCommand(string Project, string Name, string RequestedBy);

/// <summary>Push the expiry back by <paramref name="By"/>.</summary>
public sealed record ExtendEnvironmentCommand(string Project, string Name, TimeSpan By, string RequestedBy);

/// <summary>Approve or reject what the environment waits for; a rejection needs a <paramref name="Reason"/>.</summary>
/// <param name="Approve">True to approve, false to reject.</param>
/// <param name="RequestedBy">The approver, as runs record callers.</param>
public sealed record DecideApprovalCommand(string Project, string Name, bool Approve, string? Reason, string RequestedBy);
