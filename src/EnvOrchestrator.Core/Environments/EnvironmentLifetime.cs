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
    /// <summary>When an environment created at <paramref name="now"/> expires under the template's caps alone (see <see cref="LifetimeLimits.InitialExpiry"/>).</summary>
    /// <param name="minimumTtl">The shortest TTL a caller may ask for (a shorter one expires before any deploy is done).</param>
    public static DomainResult<DateTimeOffset?> InitialExpiry(TimeSpan? requestedTtl, DateTimeOffset now, LifetimeSettings lifetime, TimeSpan minimumTtl) =>
        TemplateOnly(lifetime).InitialExpiry(requestedTtl, now, minimumTtl);

    /// <summary>Pushes the expiry back under the template's caps alone (see <see cref="LifetimeLimits.Extend"/>).</summary>
    public static DomainResult<EnvironmentRecord> Extend(EnvironmentRecord environment, TimeSpan by, DateTimeOffset now, LifetimeSettings lifetime) =>
        TemplateOnly(lifetime).Extend(environment, by, now);

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

    private static LifetimeLimits TemplateOnly(LifetimeSettings lifetime) => LifetimeLimits.FromTemplate(lifetime, "the template");
}
