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

    /// <summary>
    /// Why no new environment (and no update) may use <paramref name="template"/>: a deprecated version (the newest
    /// active one is named), or a draft for a caller who may not try drafts; null when it may.
    /// </summary>
    public static LifecycleProblem? RefuseVersion(TemplateCatalog catalog, EnvironmentTemplate template, bool allowDraft, string field)
    {
        var newest = catalog.EnvironmentTemplates
            .Where(t => t.Name == template.Name && t.Status == TemplateStatus.Active)
            .MaxBy(t => t.Version);
        var instead = newest is null ? "no active version is left" : $"use {newest} instead";
        return template.Status switch
        {
            TemplateStatus.Deprecated => new LifecycleProblem(ProblemCodes.RuleViolated, $"Template {template} is deprecated: {instead}.", field, "template.deprecated"),
            TemplateStatus.Draft when !allowDraft => new LifecycleProblem(ProblemCodes.Forbidden, $"Template {template} is a draft: only platform admins may try it ({instead}).", field, "template.draft"),
            _ => null,
        };
    }
}
