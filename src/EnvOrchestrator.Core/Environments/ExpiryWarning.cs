namespace EnvOrchestrator.Core.Environments;

/// <summary>A warning owed to an environment's owner <see cref="Before"/> its expiry, due at <see cref="At"/>.</summary>
public sealed record ExpiryWarning(TimeSpan Before, DateTimeOffset At);
