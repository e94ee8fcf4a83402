using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Lifecycle.Catalog;

namespace EnvOrchestrator.Functions.Composition;

/// <summary>
/// The catalog loaded by <see cref="ServiceStartup"/>: loading reads files asynchronously, which DI factories must
/// not do, so the source is registered empty and filled once before any worker or endpoint runs.
/// </summary>
internal sealed class LoadedCatalogSource : ITemplateCatalogSource
{
    private DirectoryTemplateCatalogSource? _loaded;

    public TemplateCatalog Catalog => Loaded.Catalog;

    public string ModuleDirectoryOf(ResourceTemplate resourceTemplate) => Loaded.ModuleDirectoryOf(resourceTemplate);

    public void Set(TemplateCatalog catalog, string root) => _loaded = new DirectoryTemplateCatalogSource(catalog, root);

    private DirectoryTemplateCatalogSource Loaded => _loaded
        ?? throw new InvalidOperationException("The template catalog has not been loaded yet; the service is still starting.");
}
