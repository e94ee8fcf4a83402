namespace EnvOrchestrator.Core.Catalog;

/// <summary>How long the runner lets an apply or a destroy of one resource take before stopping it.</summary>
public sealed record OperationTimeouts(TimeSpan? Apply, TimeSpan? Destroy);
