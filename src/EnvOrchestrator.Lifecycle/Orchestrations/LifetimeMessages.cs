namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <param name="Warned">Warnings already sent, as <c>{expiresAt:O}/{before}</c>, so a restart never repeats one.</param>
internal sealed record LifetimeInput(string Project, string Name, IReadOnlyList<string> Warned);

/// <summary>The environment's expiry as stored now; <see cref="Active"/> is false once it is destroyed or gone.</summary>
internal sealed record ExpiryInfo(bool Active, DateTimeOffset? ExpiresAt, IReadOnlyList<TimeSpan> WarnBefore);

internal sealed record ExpiryWarningInput(string Project, string Name, DateTimeOffset ExpiresAt, TimeSpan Before);

internal enum ExpireOutcome
{
    DestroyStarted,

    /// <summary>A run is working on the environment; try again later.</summary>
    Busy,

    /// <summary>Extended meanwhile, already destroyed or gone.</summary>
    NotDue,
}
