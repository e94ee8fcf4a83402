namespace EnvOrchestrator.Core.Validation;

/// <summary>
/// One problem found in a catalog: where (file, 1-based line and column, path inside the document such as
/// <c>spec.resources[1].inputs.subnet_id</c>), which rule (a stable id from <see cref="RuleIds"/>) and why.
/// </summary>
public sealed record CatalogError(string File, int Line, int Column, string Path, string RuleId, string Message)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Path.Length == 0 ? "(document)" : Path)}: {RuleId}: {Message}";
}
