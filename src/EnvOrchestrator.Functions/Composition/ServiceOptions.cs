namespace EnvOrchestrator.Functions.Composition;

/// <summary>Host-level settings (section <see cref="SectionName"/>); each building block keeps its own section.</summary>
internal sealed class ServiceOptions
{
    public const string SectionName = "EnvOrchestrator";

    /// <summary>The catalog folder; relative paths are looked up from the content root and then its parents.</summary>
    public string CatalogPath { get; set; } = Path.Combine("templates", "demo");

    /// <summary>
    /// Where Terraform processes reach this service's state backend; derived from the listening URL when empty,
    /// because Terraform runs beside the service and calls back into it.
    /// </summary>
    public Uri? StateBackendUrl { get; set; }
}
