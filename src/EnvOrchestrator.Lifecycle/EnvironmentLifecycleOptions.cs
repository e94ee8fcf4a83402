using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Lifecycle;

/// <summary>Settings of the environment lifecycle (section <see cref="SectionName"/>).</summary>
public sealed class EnvironmentLifecycleOptions
{
    public const string SectionName = "Lifecycle";

    /// <summary>The published catalog; ignored when the host registers its own <see cref="Catalog.ITemplateCatalogSource"/>.</summary>
    public TemplateCatalog Catalog { get; set; } = TemplateCatalog.Empty;

    /// <summary>The folder the catalog was loaded from: module folders are relative to their template file inside it.</summary>
    public string CatalogRoot { get; set; } = string.Empty;

    /// <summary>
    /// Where Terraform processes reach the orchestrator's http state backend, e.g. <c>http://127.0.0.1:7071/tfstate</c>
    /// (the prefix given to <c>MapTerraformStateBackend</c>).
    /// </summary>
    public Uri? StateBackendUrl { get; set; }

    /// <summary>How long the per-run state credentials live; longer than the slowest apply of one resource.</summary>
    public TimeSpan StateCredentialLifetime { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How often the sweep looks for expired environments whose lifetime orchestration did not destroy them.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An expired environment is only swept once it is this late, leaving its own timer time to act first.</summary>
    public TimeSpan ExpirySweepGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts per resource destroy for transient failures (state lock, backend hiccup, timeout).</summary>
    public int DestroyMaxAttempts { get; set; } = 4;

    public TimeSpan DestroyFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running Terraform step checks whether its run was asked to stop by another process.</summary>
    public TimeSpan CancelPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
