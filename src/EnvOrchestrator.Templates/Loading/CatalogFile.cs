namespace EnvOrchestrator.Templates.Loading;

/// <summary>A catalog file given in memory: its path relative to the catalog root (used in errors) and its text.</summary>
public sealed record CatalogFile(string Path, string Content);
