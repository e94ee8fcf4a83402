namespace EnvOrchestrator.Hosting.Composition;

/// <summary>Host log messages: event ids 6000–6999 (6001–6099 hosting, 6100–6199 composition, 6200–6299 Functions app).</summary>
internal static partial class Log
{
    [LoggerMessage(6102, LogLevel.Information, "Storage ready (task hub {TaskHub}); Terraform reaches the state backend at {StateBackendUrl}")]
    public static partial void StorageReady(this ILogger logger, string taskHub, Uri stateBackendUrl);

    [LoggerMessage(6103, LogLevel.Information, "Removed {Removed} of {Found} Terraform run folders left by service processes that died")]
    public static partial void RunFoldersSwept(this ILogger logger, int removed, int found);

    [LoggerMessage(6104, LogLevel.Warning, "DEVELOPMENT MODE (Security:Mode=Development): callers are NOT authenticated; X-EnvOrch-User is trusted as sent and every response carries {Header}. Never expose this service.")]
    public static partial void DevelopmentMode(this ILogger logger, string header);

    // The one place a secret is written out: the first development start's admin key, printed once and never again.
    [LoggerMessage(6105, LogLevel.Warning, "FIRST START: created a platform-admin API key (shown once, never again; send it as Authorization: Bearer <key>): {ApiKey}")]
    public static partial void DevelopmentKeyCreated(this ILogger logger, string apiKey);

    [LoggerMessage(6110, LogLevel.Information, "Serving the catalog {Source} at commit {Commit}: {EnvironmentTemplates} environment templates, {ResourceTemplates} resource templates")]
    public static partial void CatalogServed(this ILogger logger, string source, string commit, int environmentTemplates, int resourceTemplates);

    [LoggerMessage(6111, LogLevel.Error, "The catalog {Source} has {Count} errors and was not loaded; the previous catalog keeps serving:\n{Errors}")]
    public static partial void CatalogRefreshFailed(this ILogger logger, string source, int count, string errors);

    [LoggerMessage(6112, LogLevel.Error, "Reloading the catalog {Source} failed; the previous catalog keeps serving")]
    public static partial void CatalogRefreshCrashed(this ILogger logger, Exception exception, string source);
}
