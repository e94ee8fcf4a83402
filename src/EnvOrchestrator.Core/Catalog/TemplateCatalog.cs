using System.Collections.Immutable;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>Everything a catalog source publishes. Validate it with <c>CatalogValidator</c> before use.</summary>
public sealed record TemplateCatalog
{
    public static TemplateCatalog Empty { get; } = new();

    public ImmutableArray<ResourceTemplate> ResourceTemplates { get; init; } = [];

    public ImmutableArray<EnvironmentTemplate> EnvironmentTemplates { get; init; } = [];

    public ImmutableArray<Policy> Policies { get; init; } = [];

    public ImmutableArray<VariableSet> VariableSets { get; init; } = [];

    /// <summary>
    /// Resolves a reference deterministically: an exact version must exist (draft or active); a range picks the
    /// highest active version it matches, and must not match versions of more than one major version, because a
    /// new major may change the contract under an environment template that did not ask for it.
    /// </summary>
    public TemplateResolution Resolve(TemplateReference reference)
    {
        var candidates = ResourceTemplates.Where(t => t.Name == reference.Name).ToList();
        if (candidates.Count == 0)
        {
            return new TemplateResolution(null, TemplateResolutionFailure.UnknownTemplate, []);
        }

        if (reference.Range.Exact is { } exact)
        {
            var found = candidates.FirstOrDefault(t => t.Version == exact);
            return found is null
                ? new TemplateResolution(null, TemplateResolutionFailure.UnknownVersion, [.. candidates.Select(c => c.Version)])
                : new TemplateResolution(found, TemplateResolutionFailure.None, []);
        }

        var matches = candidates
            .Where(t => t.Status == TemplateStatus.Active && reference.Range.Matches(t.Version))
            .OrderByDescending(t => t.Version)
            .ToList();
        if (matches.Count == 0)
        {
            return new TemplateResolution(null, TemplateResolutionFailure.UnknownVersion, [.. candidates.Select(c => c.Version)]);
        }

        if (matches.Select(m => m.Version.Major).Distinct().Count() > 1)
        {
            return new TemplateResolution(null, TemplateResolutionFailure.AmbiguousRange, [.. matches.Select(m => m.Version)]);
        }

        return new TemplateResolution(matches[0], TemplateResolutionFailure.None, []);
    }

    public EnvironmentTemplate? FindEnvironmentTemplate(string name, SemVersion version) =>
        EnvironmentTemplates.FirstOrDefault(t => t.Name == name && t.Version == version);

    public VariableSet? FindVariableSet(string name) => VariableSets.FirstOrDefault(v => v.Name == name);
}

/// <summary>The outcome of <see cref="TemplateCatalog.Resolve"/>; <see cref="Candidates"/> explains a failure.</summary>
public sealed record TemplateResolution(ResourceTemplate? Template, TemplateResolutionFailure Failure, ImmutableArray<SemVersion> Candidates);

public enum TemplateResolutionFailure
{
    None,
    UnknownTemplate,
    UnknownVersion,
    AmbiguousRange,
}
