using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Templates;

/// <summary>
/// The catalog as developers see it: the latest active version of each template (and, for platform admins, every
/// draft), one template's details, and which environments still use a template's versions.
/// </summary>
internal sealed class TemplateQueries(ITemplateCatalogSource catalogSource, IEnvironmentStore environments)
{
    private TemplateCatalog Catalog => catalogSource.Catalog;

    public IReadOnlyList<TemplateSummary> List(string? project, bool includeDrafts)
    {
        var shared = Catalog.EnvironmentTemplates.Where(t => project is null || t.IsSharedWith(project)).ToList();
        var active = shared
            .Where(t => t.Status == TemplateStatus.Active)
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => g.MaxBy(t => t.Version)!);
        var drafts = includeDrafts ? shared.Where(t => t.Status == TemplateStatus.Draft) : [];
        return [.. active.Concat(drafts).OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Version).Select(ViewMapper.ToSummary)];
    }

    /// <summary>The environments (not destroyed) made from <paramref name="name"/>, of one version when given, across every project.</summary>
    public async Task<LifecycleResult<TemplateUsagePage>> UsageAsync(string name, string? version, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        SemVersion? exact = null;
        if (version is not null && !SemVersion.TryParse(version, out exact))
        {
            return Problem<TemplateUsagePage>(ProblemCodes.InvalidRequest, $"'{version}' is not a version (MAJOR.MINOR.PATCH).", "version", "version.invalid");
        }

        if (!EnvironmentTemplates.Exists(Catalog, name))
        {
            return Problem<TemplateUsagePage>(ProblemCodes.NotFound, $"No environment template '{name}'.", "template", "template.unknown");
        }

        var page = await environments.FindByTemplateAsync(name, pageSize, continuationToken, cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(new TemplateUsagePage(
            [.. page.Items.Where(e => exact is null || e.TemplateVersion == exact.Value)
                .Select(e => new TemplateUsage(e.Id.Project.Value, e.Id.Name.Value, e.TemplateVersion.ToString(), e.Status, e.CreatedBy, e.ExpiresAt))],
            page.ContinuationToken));
    }

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
