using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Lifecycle.Catalog;

namespace EnvOrchestrator.Hosting.Composition;

/// <summary>
/// The catalog loaded by <see cref="CatalogRefresher"/>: loading reads files asynchronously, which DI factories must
/// not do, so the source is registered empty and filled once before any worker or endpoint runs, then swapped whole
/// (catalog, module folder and revision together) by each refresh that loads a valid catalog.
/// </summary>
internal sealed class LoadedCatalogSource : ITemplateCatalogSource
{
    private volatile Served? _served;

    public TemplateCatalog Catalog => Current.Source.Catalog;

    public CatalogRevision Revision => Current.Revision;

    public string ModuleDirectoryOf(ResourceTemplate resourceTemplate) => Current.Source.ModuleDirectoryOf(resourceTemplate);

    public void Set(TemplateCatalog catalog, string root, CatalogRevision revision) =>
        _served = new Served(new DirectoryTemplateCatalogSource(catalog, root), revision);

    private Served Current => _served
        ?? throw new InvalidOperationException("The template catalog has not been loaded yet; the service is still starting.");

    private sealed record Served(DirectoryTemplateCatalogSource Source, CatalogRevision Revision);
}
