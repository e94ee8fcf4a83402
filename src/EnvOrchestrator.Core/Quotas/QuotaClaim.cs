using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Quotas;

/// <summary>
/// One environment holding a slot of its project's quota: its name, who asked for it (the per-user quota counts these)
/// and when the slot was last taken, so a claim left by a create that died before storing its environment can be
/// told from one whose environment is still being stored.
/// </summary>
/// <param name="Spend">
/// What the environment is estimated to cost, when a project budget admitted it: racing creates count it until its
/// environment is stored (and counted from there).
/// </param>
public sealed record QuotaClaim(EnvironmentName Name, string Owner, DateTimeOffset ClaimedAt, ClaimedSpend? Spend = null);

/// <summary>An admitted environment's cost estimate: <paramref name="MonthlyUsd"/> while it lives, from its creation to its expiry (null: none).</summary>
public sealed record ClaimedSpend(decimal MonthlyUsd, DateTimeOffset From, DateTimeOffset? Until);
