using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Git;

/// <summary>
/// A catalog loaded from Git and the commit the ref resolved to. Store the commit with whatever is published from
/// it: a branch moves, a commit does not.
/// </summary>
public sealed record GitCatalogLoadResult(CatalogLoadResult Result, string? Commit);
