using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;

namespace EnvOrchestrator.Templates.Ade;

/// <summary>One imported Azure Deployment Environments definition: the resource template and where its module is.</summary>
public sealed record AdeImportedTemplate(ResourceTemplate Template, string ManifestFile, string ModuleDirectory)
{
    /// <summary>What was imported less precisely than it could be, and why (e.g. an output left typed <c>any</c>).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}

/// <summary>What an import produced; definitions that could not be imported are explained in <see cref="Errors"/>.</summary>
public sealed record AdeImportResult(ImmutableArray<AdeImportedTemplate> Templates, ImmutableArray<CatalogError> Errors);
