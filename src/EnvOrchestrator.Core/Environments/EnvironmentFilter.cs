using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Environments;

/// <summary>Which environments of a project a list returns: any of <see cref="Statuses"/> (all when empty) made from <see cref="TemplateName"/> (any when null).</summary>
public sealed record EnvironmentFilter
{
    public static EnvironmentFilter None { get; } = new();

    public ImmutableArray<EnvironmentStatus> Statuses { get; init; } = [];

    public string? TemplateName { get; init; }

    public bool Matches(EnvironmentRecord environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return (Statuses.IsDefaultOrEmpty || Statuses.Contains(environment.Status))
            && (TemplateName is null || environment.Template.Name == TemplateName);
    }
}

/// <summary>
/// One page of a list. A page may hold fewer items than asked for (even none) while <see cref="ContinuationToken"/>
/// is set, because a filtered scan stops at a server-side limit; the list is complete only when the token is null.
/// </summary>
public sealed record RecordPage<T>(ImmutableArray<T> Items, string? ContinuationToken);

/// <summary>An environment whose expiry is due, as the expiry query returns it.</summary>
public sealed record ExpiringEnvironment(EnvironmentId Id, DateTimeOffset ExpiresAt);

/// <summary>Bounds shared by every store's paging.</summary>
public static class Paging
{
    /// <summary>Table Storage returns at most 1,000 entities per request; other stores keep the same bound.</summary>
    public const int MaxPageSize = 1000;

    public static void ThrowIfInvalid(int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
    }
}
