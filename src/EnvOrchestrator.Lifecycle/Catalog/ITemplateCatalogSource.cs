using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Lifecycle.Catalog;

/// <summary>The published catalog and where each resource template's Terraform module lives on this machine.</summary>
public interface ITemplateCatalogSource
{
    TemplateCatalog Catalog { get; }

    string ModuleDirectoryOf(ResourceTemplate resourceTemplate);
}
