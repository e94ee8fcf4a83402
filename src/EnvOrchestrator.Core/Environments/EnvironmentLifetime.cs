using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The TTL rules, applied to a template's <see cref="LifetimeSettings"/>: the TTL asked for at creation (or the
/// template's default) may not exceed the template's maximum; an extension is refused once the count cap is
/// reached, when it is longer than one extension may be, or when it would take the environment past
/// <c>createdAt + MaxTtl</c>. A template with neither a default nor a maximum TTL makes environments that do not expire.
/// </summary>
public static class EnvironmentLifetime
{
    /// <summary>When an environment created at <paramref name="now"/> expires; a null value means never.</summary>
    /// <param name="minimumTtl">The shortest TTL a caller may ask for (a shorter one expires before any deploy is done).</param>
    public static DomainResult<DateTimeOffset?> InitialExpiry(TimeSpan? requestedTtl, DateTimeOffset now, LifetimeSettings lifetime, TimeSpan minimumTtl)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
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

        if (requestedTtl is { } requested && lifetime.MaxTtl is { } max && requested > max)
        {
            return DomainResult.Failure<DateTimeOffset?>(
                DomainErrorCodes.TtlAboveMax,
                $"The requested TTL {DurationText.Format(requested)} exceeds the template's maximum of {DurationText.Format(max)}.");
        }

        // A default above the maximum is a template mistake; the maximum wins rather than failing every create.
        var ttl = requestedTtl ?? Min(lifetime.DefaultTtl, lifetime.MaxTtl);
        if (ttl > DateTimeOffset.MaxValue - now)
        {
            return DomainResult.Failure<DateTimeOffset?>(DomainErrorCodes.TtlAboveMax, $"The requested TTL {DurationText.Format(ttl.Value)} ends after the last representable date.");
        }

        return DomainResult.Success<DateTimeOffset?>(ttl is null ? null : now + ttl.Value);
    }

    /// <summary>Pushes the expiry of <paramref name="environment"/> back by <paramref name="by"/>, or says which rule forbids it.</summary>
    public static DomainResult<EnvironmentRecord> Extend(EnvironmentRecord environment, TimeSpan by, DateTimeOffset now, LifetimeSettings lifetime)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(lifetime);
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

        if (lifetime.MaxExtension is { } maxExtension && by > maxExtension)
        {
            return Refuse(DomainErrorCodes.ExtensionTooLong, $"One extension may add at most {DurationText.Format(maxExtension)}.");
        }

        if (lifetime.MaxExtensions is { } maxExtensions && environment.ExtensionCount >= maxExtensions)
        {
            return Refuse(DomainErrorCodes.ExtensionCountExceeded, $"The environment was already extended {environment.ExtensionCount} times, the most the template allows.");
        }

        if (by > DateTimeOffset.MaxValue - expiresAt)
        {
            return Refuse(DomainErrorCodes.ExtensionTooLong, $"An extension of {DurationText.Format(by)} would end after the last representable date.");
        }

        var extended = expiresAt + by;
        if (lifetime.MaxTtl is { } maxTtl && extended - environment.CreatedAt > maxTtl)
        {
            var latest = environment.CreatedAt + maxTtl;
            return Refuse(DomainErrorCodes.ExtensionBeyondMaxTtl, $"The template's maximum TTL of {DurationText.Format(maxTtl)} ends at {latest:O}; the environment can be extended by at most {DurationText.Format(latest - expiresAt)}.");
        }

        return DomainResult.Success(environment with
        {
            ExpiresAt = extended,
            ExtensionCount = environment.ExtensionCount + 1,
            UpdatedAt = now,
        });
    }

    /// <summary>The warnings still due before <paramref name="expiresAt"/> as of <paramref name="now"/>, earliest first.</summary>
    public static ImmutableArray<ExpiryWarning> PendingWarnings(DateTimeOffset expiresAt, DateTimeOffset now, LifetimeSettings lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        return [.. lifetime.WarnBefore
            .Where(before => before > TimeSpan.Zero)
            .Distinct()
            .Select(before => new ExpiryWarning(before, expiresAt - before))
            .Where(w => w.At >= now)
            .OrderBy(w => w.At)];
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DomainResult<EnvironmentRecord> Refuse(string code, string message) =>
        DomainResult.Failure<EnvironmentRecord>(code, message);
}
