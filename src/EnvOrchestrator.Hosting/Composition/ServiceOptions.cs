namespace EnvOrchestrator.Hosting.Composition;

/// <summary>Host-level settings (section <see cref="SectionName"/>); each building block keeps its own section.</summary>
internal sealed class ServiceOptions
{
    public const string SectionName = "EnvOrchestrator";

    /// <summary>The catalog folder; relative paths are looked up from the content root and then its parents. Ignored when <see cref="CatalogRepository"/> is set.</summary>
    public string CatalogPath { get; set; } = Path.Combine("templates", "demo");

    /// <summary>A Git repository (URL, local path or <c>file://</c>) to serve the catalog from, instead of a folder.</summary>
    public string? CatalogRepository { get; set; }

    /// <summary>The branch, tag or commit of <see cref="CatalogRepository"/>.</summary>
    public string CatalogRef { get; set; } = "main";

    /// <summary>The catalog's folder inside the repository; its root when empty.</summary>
    public string? CatalogFolder { get; set; }

    /// <summary>
    /// How often the catalog is loaded again (a Git ref is fetched again); default 5 minutes for a repository and never
    /// for a folder. <c>POST /api/catalog/refresh</c> reloads it at once.
    /// </summary>
    public TimeSpan? CatalogRefreshInterval { get; set; }

    /// <summary>
    /// Where Terraform processes reach this service's state backend; derived from the listening URL when empty,
    /// because Terraform runs beside the service and calls back into it.
    /// </summary>
    public Uri? StateBackendUrl { get; set; }
}
