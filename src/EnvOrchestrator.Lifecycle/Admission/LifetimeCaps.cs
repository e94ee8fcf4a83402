using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// The lifetime caps in force for an environment of a template in a project: the template's, the organisation's
/// (<c>Lifecycle:Ttl</c>) and the project's (<c>Lifecycle:Projects:{project}:Ttl</c>), the strictest of each. Every
/// cap keeps its source, so a refusal says which setting to change or whom to ask.
/// </summary>
internal static class LifetimeCaps
{
    public static LifetimeLimits For(EnvironmentTemplate template, string project, EnvironmentLifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);

        // Tightened in this order, so on a tie the template is named: it is what the developer already sees.
        var limits = LifetimeLimits.FromTemplate(template.Lifetime, template.ToString())
            .Tighten(FromOptions(options.Ttl, "the organisation", "Lifecycle:Ttl"));
        return ProjectLimits.Find(options, project) is { } overrides
            ? limits.Tighten(FromOptions(overrides.Ttl, $"project '{project}'", $"Lifecycle:Projects:{project}:Ttl"))
            : limits;
    }

    private static LifetimeLimits FromOptions(TtlLimitOptions ttl, string who, string section)
    {
        string Source(string key) => $"{who} ({section}:{key})";
        return new LifetimeLimits
        {
            DefaultTtl = LifetimeLimits.Of(ttl.Default, Source(nameof(TtlLimitOptions.Default))),
            MaxTtl = LifetimeLimits.Of(ttl.Maximum, Source(nameof(TtlLimitOptions.Maximum))),
            MaxExtension = LifetimeLimits.Of(ttl.MaxExtension, Source(nameof(TtlLimitOptions.MaxExtension))),
            MaxExtensions = LifetimeLimits.Of(ttl.MaxExtensions, Source(nameof(TtlLimitOptions.MaxExtensions))),
            MaxLifetime = LifetimeLimits.Of(ttl.MaxTotalLifetime, Source(nameof(TtlLimitOptions.MaxTotalLifetime))),
        };
    }
}

/// <summary>Looks up a project's overrides in <see cref="EnvironmentLifecycleOptions.Projects"/>.</summary>
internal static class ProjectLimits
{
    public static ProjectLimitOptions? Find(EnvironmentLifecycleOptions options, string project)
    {
        // Configuration keys are case-insensitive, the binder's dictionary need not be; project names are lower case.
        if (options.Projects.TryGetValue(project, out var exact))
        {
            return exact;
        }

        return options.Projects.FirstOrDefault(p => string.Equals(p.Key, project, StringComparison.OrdinalIgnoreCase)).Value;
    }
}
