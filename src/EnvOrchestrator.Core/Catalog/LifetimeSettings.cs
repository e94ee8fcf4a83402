using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>
/// How long environments made from a template live: the TTL given at creation, the most a TTL can be,
/// how many extensions (each at most <see cref="MaxExtension"/>) are allowed, and when owners are warned.
/// </summary>
public sealed record LifetimeSettings
{
    public TimeSpan? DefaultTtl { get; init; }

    public TimeSpan? MaxTtl { get; init; }

    public int? MaxExtensions { get; init; }

    public TimeSpan? MaxExtension { get; init; }

    public ImmutableArray<TimeSpan> WarnBefore { get; init; } = [];
}
