using EnvOrchestrator.Templates.Yaml;

namespace EnvOrchestrator.Templates.Loading;

/// <summary>How a catalog is loaded.</summary>
public sealed record CatalogLoadOptions
{
    public static CatalogLoadOptions Default { get; } = new();

    public YamlLimits Limits { get; init; } = YamlLimits.Default;

    /// <summary>
    /// Compare each resource template's inputs and outputs with the <c>variable</c> and <c>output</c> blocks of its
    /// Terraform module (only when loading from a folder, where the module files exist).
    /// </summary>
    public bool CheckModules { get; init; } = true;
}
