using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Templates;

/// <summary>The catalog as developers see it: the latest active version of each template, and one template's details.</summary>
internal sealed class TemplateQueries(ITemplateCatalogSource catalogSource)
{
    private TemplateCatalog Catalog => catalogSource.Catalog;

    public IReadOnlyList<TemplateSummary> List(string? project) =>
        [.. Catalog.EnvironmentTemplates
            .Where(t => t.Status == TemplateStatus.Active && (project is null || t.IsSharedWith(project)))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => g.MaxBy(t => t.Version)!)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(ViewMapper.ToSummary)];

    public LifecycleResult<TemplateDetails> Get(string name, string? version)
    {
        var reference = version is null ? $"{name}" : $"{name}@{version}";
        if (!TemplateReference.TryParse(reference, out var parsed))
        {
            return Problem<TemplateDetails>(ProblemCodes.InvalidRequest, $"'{reference}' is not a template reference.", "version", "template.invalid-reference");
        }

        var template = EnvironmentTemplates.Resolve(Catalog, parsed);
        return template is null
            ? Problem<TemplateDetails>(ProblemCodes.NotFound, $"No environment template '{reference}'.", "template", "template.unknown")
            : LifecycleResult.Success(ViewMapper.ToDetails(template));
    }
}
