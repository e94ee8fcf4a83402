using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Lifecycle.Catalog;

/// <summary>The published catalog and where each resource template's Terraform module lives on this machine.</summary>
public interface ITemplateCatalogSource
{
    TemplateCatalog Catalog { get; }

    string ModuleDirectoryOf(ResourceTemplate resourceTemplate);

    /// <summary>Where <see cref="Catalog"/> came from (recorded on every run); a plain folder unless the source says more.</summary>
    CatalogRevision Revision => CatalogRevision.Folder;
}

/// <summary>
/// Which catalog is being served: its source (a folder, or a Git repository and ref) and, from Git, the commit the ref
/// resolved to — a branch moves, a commit does not, so runs record the commit.
/// </summary>
public sealed record CatalogRevision(string Source, string? Commit)
{
    public static CatalogRevision Folder { get; } = new("folder", null);
}
