namespace EnvOrchestrator.Core.Audit;

/// <summary>
/// One thing that happened in a project: a call that asked for a change (and what it was answered), or a lifecycle
/// transition of an environment. Entries are only ever appended.
/// </summary>
/// <param name="Project">The project it happened in.</param>
/// <param name="At">When it happened; entries of a project are ordered by it.</param>
/// <param name="Actor">Who did it: the caller's identity, or <c>system</c> for the lifecycle's own steps.</param>
/// <param name="OnBehalfOf">The user an actor (a portal, a bot) acted for, when it said so.</param>
/// <param name="Action">What was asked or what happened, e.g. <c>environment.create</c>, <c>environment.status</c>.</param>
/// <param name="Target">What it was done to: an environment name, an API key id, or empty.</param>
/// <param name="Outcome">The answer (<c>202</c>, <c>422 ttl-above-max</c>) or the new state (<c>Deploying</c>).</param>
/// <param name="Detail">Anything else worth keeping (the run id, the status it came from); never a secret.</param>
public sealed record AuditEntry(
    string Project, DateTimeOffset At, string Actor, string? OnBehalfOf, string Action, string Target, string Outcome, string? Detail)
{
    /// <summary>The actor of transitions the lifecycle makes by itself (a sweep, an expiry, a step).</summary>
    public const string System = "system";
}
