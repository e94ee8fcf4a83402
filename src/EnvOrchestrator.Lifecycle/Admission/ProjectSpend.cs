using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// What a project is projected to spend in a calendar month (UTC) from the catalog's static cost estimates: each
/// environment costs its template's monthly estimate times the share of the month it lives — from creation to its
/// destruction, or to its expiry (the TTL is what bounds an ephemeral environment's cost), or to the month's end.
/// </summary>
internal static class ProjectSpend
{
    /// <summary>The sum of the resource templates' <c>cost.monthlyUsd</c>; resources without one count as free.</summary>
    public static decimal MonthlyEstimate(TemplateCatalog catalog, EnvironmentTemplate template) =>
        template.Resources.Sum(r => catalog.Resolve(r.Template).Template?.Cost?.MonthlyUsd ?? 0m);

    /// <summary>The projected spend of <paramref name="environments"/> in the month of <paramref name="now"/>.</summary>
    public static decimal InMonth(IEnumerable<EnvironmentRecord> environments, TemplateCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(environments);
        var total = 0m;
        foreach (var environment in environments)
        {
            // A template withdrawn from the catalog has no estimate left to count.
            if (catalog.FindEnvironmentTemplate(environment.Template.Name, environment.TemplateVersion) is not { } template)
            {
                continue;
            }

            var end = environment.Status == EnvironmentStatus.Destroyed ? environment.UpdatedAt : environment.ExpiresAt;
            total += Share(MonthlyEstimate(catalog, template), environment.CreatedAt, end, now);
        }

        return total;
    }

    /// <summary>The part of <paramref name="monthly"/> spent in the month of <paramref name="now"/> by something living from <paramref name="from"/> to <paramref name="to"/> (null: on).</summary>
    public static decimal Share(decimal monthly, DateTimeOffset from, DateTimeOffset? to, DateTimeOffset now)
    {
        var (start, end) = MonthOf(now);
        var lives = (from > start ? from : start, to is { } t && t < end ? t : end);
        if (lives.Item2 <= lives.Item1 || monthly == 0m)
        {
            return 0m;
        }

        return monthly * (decimal)((lives.Item2 - lives.Item1).Ticks / (double)(end - start).Ticks);
    }

    public static (DateTimeOffset Start, DateTimeOffset End) MonthOf(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (start, start.AddMonths(1));
    }
}

/// <summary>What the project-wide rules need to know about the project when an environment is created.</summary>
/// <param name="MonthSpendUsd">The projected spend of its other environments this month (<see cref="ProjectSpend.InMonth"/>).</param>
internal sealed record ProjectFacts(int LiveEnvironments, decimal MonthSpendUsd, DateTimeOffset Now);
