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

    /// <summary>
    /// How often the sweep runs in process: it looks for interrupted runs and for expired environments whose lifetime
    /// orchestration did not destroy them.
    /// </summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the lifecycle's hosted service runs the sweep every <see cref="ExpirySweepInterval"/>. Off when the host
    /// schedules <see cref="IEnvironmentSweeper.SweepOnceAsync"/> itself (e.g. a Functions timer trigger).
    /// </summary>
    public bool SweepInProcess { get; set; } = true;

    /// <summary>
    /// Whether the sweep deletes resource groups the service tagged whose environment is gone; off, it only reports
    /// them (log and <c>GET /api/admin/resource-groups</c>).
    /// </summary>
    public bool DeleteOrphanedResourceGroups { get; set; }

    /// <summary>
    /// A run is only checked by the sweep once it is this old, leaving its start (take the environment, record the
    /// run, schedule the orchestration) time to finish first.
    /// </summary>
    public TimeSpan ActiveRunSweepGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An expired environment is only swept once it is this late, leaving its own timer time to act first.</summary>
    public TimeSpan ExpirySweepGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The shortest TTL a create may ask for: a shorter one would expire before the deploy is done. A template's own
    /// default TTL is the platform team's choice and is not held to it.
    /// </summary>
    public TimeSpan MinimumTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Organisation-wide TTL caps; the strictest of these, the project's and the template's applies.</summary>
    public Admission.TtlLimitOptions Ttl { get; set; } = new();

    /// <summary>Organisation-wide environment quotas (a project's own value replaces them).</summary>
    public Admission.QuotaOptions Quotas { get; set; } = new();

    /// <summary>Approval time-out, re-check interval, separation of duties and approvals above extension caps.</summary>
    public Admission.ApprovalOptions Approvals { get; set; } = new();

    /// <summary>Per-project TTL caps and quotas, keyed by project name (<c>Lifecycle:Projects:{project}:…</c>).</summary>
    public Dictionary<string, Admission.ProjectLimitOptions> Projects { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long a quota slot is held for a create before its environment must be stored: an older slot whose
    /// environment is missing (the create died) or destroyed is given back when the quota is full.
    /// </summary>
    public TimeSpan QuotaClaimGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per resource destroy for transient failures (state lock, backend hiccup, timeout).</summary>
    public int DestroyMaxAttempts { get; set; } = 4;

    public TimeSpan DestroyFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts per resource apply whose failure is transient (storage or state backend unavailable, lock held,
    /// timeout); 1 turns retries off. Permanent failures (a provisioner error, bad input, a policy) are never retried.
    /// </summary>
    public int ApplyMaxAttempts { get; set; } = 3;

    public TimeSpan ApplyFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running Terraform step checks whether its run was asked to stop by another process.</summary>
    public TimeSpan CancelPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a destroyed environment (record, runs, step logs) is kept before the retention sweep purges it;
    /// null keeps it until purged by hand (<c>DELETE …?purge=true</c>).
    /// </summary>
    public TimeSpan? DestroyedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a step that takes over an interrupted attempt waits for that attempt's state lock to be released before
    /// releasing it itself. Longer than Terraform's grace period: an attempt whose lease ran out is being stopped
    /// gracefully and must get to write its state and unlock; a killed one never will.
    /// </summary>
    public TimeSpan InterruptedLockWait { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How often (per process) a sweep pass also runs the retention purge; the other passes run every time.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
