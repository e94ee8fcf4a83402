using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Lifecycle.Catalog;

/// <summary>Finds environment templates: an exact version, or the highest active version a range matches.</summary>
internal static class EnvironmentTemplates
{
    public static EnvironmentTemplate? Resolve(TemplateCatalog catalog, TemplateReference reference) =>
        reference.Range.Exact is { } exact
            ? catalog.FindEnvironmentTemplate(reference.Name, exact)
            : catalog.EnvironmentTemplates
                .Where(t => t.Name == reference.Name && t.Status == TemplateStatus.Active && reference.Range.Matches(t.Version))
                .OrderByDescending(t => t.Version)
                .FirstOrDefault();

    public static bool Exists(TemplateCatalog catalog, string name) => catalog.EnvironmentTemplates.Any(t => t.Name == name);
}
