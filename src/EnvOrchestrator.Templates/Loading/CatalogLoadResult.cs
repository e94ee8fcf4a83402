using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;

namespace EnvOrchestrator.Templates.Loading;

/// <summary>
/// A loaded catalog and every error found in it. The catalog holds what could be read even when there are errors,
/// so tools can show it; publish only when <see cref="IsValid"/>.
/// </summary>
public sealed record CatalogLoadResult(TemplateCatalog Catalog, ImmutableArray<CatalogError> Errors)
{
    /// <summary>The folder the catalog was read from; module paths are relative to their template file inside it.</summary>
    public string? RootDirectory { get; init; }

    public bool IsValid => Errors.IsEmpty;
}
