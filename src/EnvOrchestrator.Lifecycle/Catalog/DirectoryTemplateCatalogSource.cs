using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Lifecycle.Catalog;

/// <summary>A catalog loaded from one folder: a module folder is relative to its template file inside <paramref name="root"/>.</summary>
public sealed class DirectoryTemplateCatalogSource(TemplateCatalog catalog, string root) : ITemplateCatalogSource
{
    public TemplateCatalog Catalog { get; } = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public string ModuleDirectoryOf(ResourceTemplate resourceTemplate)
    {
        ArgumentNullException.ThrowIfNull(resourceTemplate);
        var folder = Path.GetDirectoryName(resourceTemplate.Source.File) ?? string.Empty;
        return Path.GetFullPath(Path.Combine(root, folder, resourceTemplate.Module));
    }
}
