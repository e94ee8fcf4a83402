namespace EnvOrchestrator.Terraform;

/// <summary>Machine-wide settings of the Terraform runner.</summary>
public sealed class TerraformRunnerOptions
{
    public const string SectionName = "Terraform";

    /// <summary>The terraform executable: a name looked up on the PATH or a full path.</summary>
    public string TerraformPath { get; set; } = "terraform";

    /// <summary>Parent of the per-run working directories; the system temp folder when null.</summary>
    public string? WorkRoot { get; set; }

    /// <summary>Runs allowed at once on this machine (each Terraform process needs ~60 MB).</summary>
    /// <remarks>
    /// A run spends most of its time waiting on providers (cloud APIs, provisioners), not on a core: eight runs took
    /// 3 s on 2 cores where one took 1 s. One core per run would serialise sibling resources for no gain.
    /// </remarks>
    public int MaxConcurrentRuns { get; set; } = Environment.ProcessorCount * 4;

    /// <summary>
    /// An unpacked provider mirror (<c>HOSTNAME/NAMESPACE/TYPE/VERSION/OS_ARCH/</c>). When set, the per-run CLI config
    /// installs providers only from it; Terraform then symlinks, so concurrent runs share nothing writable.
    /// </summary>
    public string? ProviderMirrorDirectory { get; set; }

    /// <summary>How long plan/apply/destroy wait for a held state lock (<c>-lock-timeout</c>).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Default limit of one Terraform command; a template may set its own.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Default time between the single interrupt and killing the process group; a template may set its own.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Start Terraform through <c>setsid</c> so it leads its own process group, and provisioner children orphaned by
    /// Terraform can be killed with the group. Needs Linux or macOS with util-linux setsid.
    /// </summary>
    public bool UseProcessGroup { get; set; } = OperatingSystem.IsLinux();

    public string SetsidPath { get; set; } = "setsid";

    /// <summary>
    /// The <c>nice</c> value Terraform (and its provisioners) run at, 0–19; 0 starts them as this service runs. Terraform
    /// is batch work: at the default of 10, the API and the orchestration get the cores first while runs queue for
    /// CPU (see docs/benchmarks.md, Load). Unix only.
    /// </summary>
    public int Niceness { get; set; } = OperatingSystem.IsWindows() ? 0 : 10;

    public string NicePath { get; set; } = "nice";

    /// <summary>
    /// Start Terraform through util-linux <c>setpriv --pdeathsig TERM</c>, so that the kernel sends it SIGTERM when this
    /// service process dies (even by SIGKILL). Terraform is first left <see cref="OrphanDrain"/> to finish the command
    /// on its own, then stopped gracefully; either way it saves its state through the http backend's retries
    /// (<see cref="HttpRetryMax"/>) instead of running on unobserved. Linux only; when
    /// <see cref="SetprivPath"/> cannot run, Terraform starts without it (logged once) and
    /// <see cref="ITerraformRunner.ReclaimAsync"/> has to stop leftover processes itself.
    /// </summary>
    public bool UseParentDeathSignal { get; set; } = OperatingSystem.IsLinux();

    public string SetprivPath { get; set; } = "setpriv";

    /// <summary>
    /// After the death of its service (<see cref="UseParentDeathSignal"/>): how long Terraform may go on to finish the
    /// command on its own before it is stopped gracefully. A graceful stop taints the resource in flight (its
    /// provisioner is killed or its result discarded), and the next apply replaces it: the resource is made twice. A
    /// command that ends within the drain leaves nothing to redo. Keep it below <see cref="OrphanWaitTimeout"/>, which
    /// must also cover the graceful stop and saving the state. Whole seconds; zero stops at once.
    /// </summary>
    public TimeSpan OrphanDrain { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>TF_HTTP_RETRY_MAX</c>: retries of each request Terraform sends to the state backend (connection errors and 5xx;
    /// Terraform's default is 2). With the waits below, the defaults keep retrying for about two minutes (1+2+4+8 s,
    /// then 10 s apart: 125 s), long enough for a Terraform stopped by the death of this service to save its state and
    /// release its lock once the restarted service serves the backend again, at most <see cref="HttpRetryWaitMax"/>
    /// after it is back.
    /// </summary>
    public int HttpRetryMax { get; set; } = 15;

    /// <summary><c>TF_HTTP_RETRY_WAIT_MIN</c>: the first wait between retries; it doubles up to <see cref="HttpRetryWaitMax"/>. Whole seconds.</summary>
    public TimeSpan HttpRetryWaitMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>TF_HTTP_RETRY_WAIT_MAX</c>: the longest wait between two retries. Whole seconds.</summary>
    public TimeSpan HttpRetryWaitMax { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long <see cref="ITerraformRunner.ReclaimAsync"/> waits for a Terraform process left by a dead service to exit
    /// on its own (it is saving state through the http retries) before it interrupts and then kills it. Longer than the
    /// retry window of the backend requests a stopping Terraform still sends (state write, unlock).
    /// </summary>
    public TimeSpan OrphanWaitTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// After <see cref="OrphanWaitTimeout"/>: time between the one SIGTERM (sent only to a Terraform that did not get the
    /// parent-death signal already: a second interrupt makes Terraform exit at once) and killing its process group.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Reuse what <c>terraform init</c> left for a module (its data directory and lock file, under
    /// <c>{WorkRoot}/.init-cache</c>, mode 0700, keyed by the module's content, the provider mirror and the executable)
    /// instead of running init again for every run of the same module. Inits that downloaded provider binaries are not
    /// kept (they would fill the disk); with <see cref="ProviderMirrorDirectory"/> they are symlinks and are kept.
    /// </summary>
    public bool ReuseInit { get; set; } = true;

    /// <summary>Keep run directories for debugging. They hold inputs and plans in clear text: off in production.</summary>
    public bool KeepRunDirectories { get; set; }
}
