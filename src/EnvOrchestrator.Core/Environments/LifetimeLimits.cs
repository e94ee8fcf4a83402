using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Core.Environments;

/// <summary>One lifetime cap and who set it: a refusal names both, so a developer knows whom to ask.</summary>
/// <param name="Source">For people, e.g. <c>template web-stack@1.0.0 (spec.lifetime.maxTtl)</c>.</param>
public sealed record LifetimeLimit<T>(T Value, string Source)
    where T : struct, IComparable<T>;

/// <summary>
/// The lifetime caps in force for one environment. Several sources set them (the template, the organisation, the
/// project); <see cref="Tighten"/> keeps the strictest of each, with its source. <see cref="MaxTtl"/> caps the TTL
/// asked for at creation, <see cref="MaxLifetime"/> the whole life (creation to expiry, extensions included); a
/// template's <c>maxTtl</c> sets both, as it always has.
/// </summary>
public sealed record LifetimeLimits
{
    public static LifetimeLimits None { get; } = new();

    /// <summary>The TTL given when a create names none; never more than the caps allow.</summary>
    public LifetimeLimit<TimeSpan>? DefaultTtl { get; init; }

    public LifetimeLimit<TimeSpan>? MaxTtl { get; init; }

    /// <summary>The longest single extension.</summary>
    public LifetimeLimit<TimeSpan>? MaxExtension { get; init; }

    /// <summary>How many extensions an environment may have.</summary>
    public LifetimeLimit<int>? MaxExtensions { get; init; }

    public LifetimeLimit<TimeSpan>? MaxLifetime { get; init; }

    /// <summary>The caps <paramref name="lifetime"/> of template <paramref name="template"/> (e.g. <c>web-stack@1.0.0</c>) sets.</summary>
    public static LifetimeLimits FromTemplate(LifetimeSettings lifetime, string template)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        string Source(string field) => $"template {template} (spec.lifetime.{field})";
        return new LifetimeLimits
        {
            DefaultTtl = Of(lifetime.DefaultTtl, Source("defaultTtl")),
            MaxTtl = Of(lifetime.MaxTtl, Source("maxTtl")),
            MaxExtension = Of(lifetime.MaxExtension, Source("maxExtension")),
            MaxExtensions = Of(lifetime.MaxExtensions, Source("maxExtensions")),
            MaxLifetime = Of(lifetime.MaxTtl, Source("maxTtl")),
        };
    }

    /// <summary>A cap of <paramref name="value"/> from <paramref name="source"/>, or none when the source sets none.</summary>
    public static LifetimeLimit<T>? Of<T>(T? value, string source)
        where T : struct, IComparable<T> => value is { } v ? new LifetimeLimit<T>(v, source) : null;

    /// <summary>
    /// Each cap the stricter of this one and <paramref name="other"/>'s (a shorter default is stricter too). On a tie
    /// this one's source is kept, so the order of tightening decides which source a refusal names.
    /// </summary>
    public LifetimeLimits Tighten(LifetimeLimits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new LifetimeLimits
        {
            DefaultTtl = Stricter(DefaultTtl, other.DefaultTtl),
            MaxTtl = Stricter(MaxTtl, other.MaxTtl),
            MaxExtension = Stricter(MaxExtension, other.MaxExtension),
            MaxExtensions = Stricter(MaxExtensions, other.MaxExtensions),
            MaxLifetime = Stricter(MaxLifetime, other.MaxLifetime),
        };
    }

    /// <summary>
    /// When an environment created at <paramref name="now"/> expires (null: never): the requested TTL if no cap
    /// forbids it, else the default, held to the caps.
    /// </summary>
    /// <param name="minimumTtl">The shortest TTL a caller may ask for (a shorter one expires before any deploy is done).</param>
    public DomainResult<DateTimeOffset?> InitialExpiry(TimeSpan? requestedTtl, DateTimeOffset now, TimeSpan minimumTtl)
    {
        if (requestedTtl <= TimeSpan.Zero)
        {
            return DomainResult.Failure<DateTimeOffset?>(DomainErrorCodes.TtlNotPositive, "The requested TTL must be positive.");
        }

        if (requestedTtl is { } shortTtl && shortTtl < minimumTtl)
        {
            return DomainResult.Failure<DateTimeOffset?>(
                DomainErrorCodes.TtlBelowMin,
                $"The requested TTL {DurationText.Format(shortTtl)} is shorter than the minimum of {DurationText.Format(minimumTtl)}: ask for at least that.");
        }

        // At creation the TTL is the whole lifetime, so both caps hold it.
        var cap = Stricter(MaxTtl, MaxLifetime);
        if (requestedTtl is { } requested && cap is not null && requested > cap.Value)
        {
            return DomainResult.Failure<DateTimeOffset?>(
                DomainErrorCodes.TtlAboveMax,
                $"The requested TTL {DurationText.Format(requested)} exceeds the maximum of {DurationText.Format(cap.Value)} set by {cap.Source}.");
        }

        // A default above a cap is a configuration mistake of one source; the cap wins rather than failing every create.
        var ttl = requestedTtl ?? Stricter(DefaultTtl, cap)?.Value;
        if (ttl > DateTimeOffset.MaxValue - now)
        {
            return DomainResult.Failure<DateTimeOffset?>(DomainErrorCodes.TtlAboveMax, $"The requested TTL {DurationText.Format(ttl.Value)} ends after the last representable date.");
        }

        return DomainResult.Success<DateTimeOffset?>(ttl is null ? null : now + ttl.Value);
    }

    /// <summary>Pushes the expiry of <paramref name="environment"/> back by <paramref name="by"/>, or says which cap forbids it and who set it.</summary>
    public DomainResult<EnvironmentRecord> Extend(EnvironmentRecord environment, TimeSpan by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Status is EnvironmentStatus.Destroying or EnvironmentStatus.Destroyed)
        {
            return Refuse(DomainErrorCodes.NotExtendable, $"An environment that is {environment.Status} cannot be extended.");
        }

        if (environment.ExpiresAt is not { } expiresAt)
        {
            return Refuse(DomainErrorCodes.NoExpiry, "The environment does not expire.");
        }

        if (now >= expiresAt)
        {
            return Refuse(DomainErrorCodes.NotExtendable, "The environment has already expired and is due to be destroyed.");
        }

        if (by <= TimeSpan.Zero)
        {
            return Refuse(DomainErrorCodes.ExtensionNotPositive, "An extension must be positive.");
        }

        if (MaxExtension is { } maxExtension && by > maxExtension.Value)
        {
            return Refuse(DomainErrorCodes.ExtensionTooLong, $"One extension may add at most {DurationText.Format(maxExtension.Value)}, set by {maxExtension.Source}.");
        }

        if (MaxExtensions is { } maxExtensions && environment.ExtensionCount >= maxExtensions.Value)
        {
            return Refuse(
                DomainErrorCodes.ExtensionCountExceeded,
                $"The environment was already extended {environment.ExtensionCount} times, the most {maxExtensions.Source} allows.");
        }

        if (by > DateTimeOffset.MaxValue - expiresAt)
        {
            return Refuse(DomainErrorCodes.ExtensionTooLong, $"An extension of {DurationText.Format(by)} would end after the last representable date.");
        }

        var extended = expiresAt + by;
        if (MaxLifetime is { } maxLifetime && extended - environment.CreatedAt > maxLifetime.Value)
        {
            var latest = environment.CreatedAt + maxLifetime.Value;
            var room = latest > expiresAt ? latest - expiresAt : TimeSpan.Zero;
            return Refuse(
                DomainErrorCodes.ExtensionBeyondMaxTtl,
                $"The maximum lifetime of {DurationText.Format(maxLifetime.Value)} set by {maxLifetime.Source} ends at {latest:O}; the environment can be extended by at most {DurationText.Format(room)}.");
        }

        return DomainResult.Success(environment with
        {
            ExpiresAt = extended,
            ExtensionCount = environment.ExtensionCount + 1,
            UpdatedAt = now,
        });
    }

    private static LifetimeLimit<T>? Stricter<T>(LifetimeLimit<T>? a, LifetimeLimit<T>? b)
        where T : struct, IComparable<T> =>
        a is null ? b : b is null ? a : b.Value.CompareTo(a.Value) < 0 ? b : a;

    private static DomainResult<EnvironmentRecord> Refuse(string code, string message) =>
        DomainResult.Failure<EnvironmentRecord>(code, message);
}
