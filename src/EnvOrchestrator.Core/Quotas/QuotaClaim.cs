using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Quotas;

/// <summary>
/// One environment holding a slot of its project's quota: its name, who asked for it (the per-user quota counts these)
/// and when the slot was last taken, so a claim left by a create that died before storing its environment can be
/// told from one whose environment is still being stored.
/// </summary>
public sealed record QuotaClaim(EnvironmentName Name, string Owner, DateTimeOffset ClaimedAt);
