namespace EnvOrchestrator.Templates.Git;

/// <summary>
/// Where a catalog lives in Git: a repository (URL or local path), a ref (branch, tag or commit) and an optional
/// folder inside the repository.
/// </summary>
public sealed record GitCatalogLocation(string Repository, string Ref)
{
    public string? Folder { get; init; }
}
