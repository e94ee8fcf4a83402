namespace EnvOrchestrator.Lifecycle.Catalog;

/// <summary>
/// Reloads the catalog from its source (a folder or a Git ref) on demand; a catalog that fails validation never
/// replaces the one being served. Hosts that serve a fixed catalog register none.
/// </summary>
public interface ICatalogRefresher
{
    CatalogStatus Status { get; }

    /// <summary>Loads the source again; the answer says what is served now and what the attempt found.</summary>
    Task<CatalogStatus> RefreshAsync(CancellationToken cancellationToken);
}

/// <summary>What is being served and how the last load attempt went.</summary>
/// <param name="LoadedAt">When the served catalog was loaded; null when not known (a fixed catalog).</param>
/// <param name="LastErrors">The validation or Git errors of the last attempt (<c>file:line:col: path: rule: message</c>); empty when it succeeded.</param>
public sealed record CatalogStatus(
    string Source,
    string? Commit,
    DateTimeOffset? LoadedAt,
    int EnvironmentTemplates,
    int ResourceTemplates,
    DateTimeOffset? LastAttemptAt,
    IReadOnlyList<string> LastErrors)
{
    public static CatalogStatus Of(ITemplateCatalogSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(source.Revision.Source, source.Revision.Commit, null, source.Catalog.EnvironmentTemplates.Length, source.Catalog.ResourceTemplates.Length, null, []);
    }
}
