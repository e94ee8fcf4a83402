using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Core.Validation;

/// <summary>Collects errors, turning a document path into a file position through the document's source.</summary>
internal sealed class ErrorSink
{
    private readonly ImmutableArray<CatalogError>.Builder _errors = ImmutableArray.CreateBuilder<CatalogError>();

    public void Add(DocumentSource source, string path, string ruleId, string message)
    {
        var position = source.Locate(path);
        _errors.Add(new CatalogError(source.File, position.Line, position.Column, path, ruleId, message));
    }

    public ImmutableArray<CatalogError> ToImmutable() => _errors.ToImmutable();
}
