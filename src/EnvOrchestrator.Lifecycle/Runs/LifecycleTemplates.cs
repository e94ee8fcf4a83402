using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Catalog;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>The templates an environment was made from, as the catalog holds them now.</summary>
internal sealed record LifecycleTemplates(EnvironmentTemplate Environment, IReadOnlyDictionary<string, ResourceTemplate> Resources)
{
    /// <summary>The environment template at the environment's version and every resource template it resolves to; null with the reason when one is gone.</summary>
    public static (LifecycleTemplates? Templates, string? Problem) For(ITemplateCatalogSource source, EnvironmentRecord environment)
    {
        var catalog = source.Catalog;
        var template = catalog.FindEnvironmentTemplate(environment.Template.Name, environment.TemplateVersion);
        if (template is null)
        {
            return (null, $"Template {environment.Template.Name}@{environment.TemplateVersion} is no longer in the catalog.");
        }

        var resources = new Dictionary<string, ResourceTemplate>(StringComparer.Ordinal);
        foreach (var resource in template.Resources)
        {
            var resolved = catalog.Resolve(resource.Template);
            if (resolved.Template is null)
            {
                return (null, $"Resource '{resource.Name}' refers to {resource.Template}, which does not resolve ({resolved.Failure}).");
            }

            resources[resource.Name] = resolved.Template;
        }

        return (new LifecycleTemplates(template, resources), null);
    }
}
