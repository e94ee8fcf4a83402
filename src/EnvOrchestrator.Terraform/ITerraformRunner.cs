namespace EnvOrchestrator.Terraform;

/// <summary>
/// Runs Terraform for one module and state address per call, each in a fresh directory with its own data directory,
/// CLI config and environment. Never throws for Terraform failures: they come back as <see cref="TerraformRunResult.Failure"/>.
/// </summary>
public interface ITerraformRunner
{
    Task<TerraformRunResult> PlanAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);

    Task<TerraformRunResult> ApplyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);

    /// <summary>Destroys with <see cref="TerraformRunRequest.Inputs"/>: pass the inputs persisted from the apply.</summary>
    Task<TerraformRunResult> DestroyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);

    Task<TerraformRunResult> OutputAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken);

    /// <summary>
    /// Reclaims the run directories of earlier runs of one state before anything runs for it again, e.g. after the
    /// service died in the middle of them: every directory whose <see cref="TerraformRunRequest.RunId"/> is
    /// <paramref name="runIdPrefix"/> or starts with <paramref name="runIdPrefix"/> followed by '-' (pass
    /// "{run}-{resource}" to reclaim every attempt "{run}-{resource}-{attempt}"). For each one:
    /// <list type="number">
    /// <item>A Terraform process of it still running is awaited up to <see cref="TerraformRunnerOptions.OrphanWaitTimeout"/>:
    /// stopped by the parent-death signal when its service died, it saves its state through the http backend's retries
    /// once the backend serves again. Then it gets one SIGTERM (unless it had the parent-death signal already) and
    /// <see cref="TerraformRunnerOptions.OrphanGracePeriod"/>, then its process group and orphaned provisioner children
    /// are killed.</item>
    /// <item>State Terraform could not save (<c>errored.tfstate</c>) is pushed with <c>terraform state push</c> and
    /// <paramref name="backend"/>'s (fresh) credentials — only when the directory ran against the same state address.
    /// The push takes the state lock without waiting: if the dead run may still hold it, release it server-side
    /// before calling (a Terraform still saving is not harmed by that: its write is then refused, it leaves
    /// <c>errored.tfstate</c>, and that is pushed). When the push fails (<see cref="TerraformReclaimResult.StateMayBeLocked"/>
    /// for a held lock), the directory is kept without its inputs: release the lock and call again.</item>
    /// <item>The directory is deleted.</item>
    /// </list>
    /// Directories still used by a run of this process or owned by another live service process are left alone and
    /// reported <see cref="TerraformLeftoverDisposition.InUse"/>. A prefix that also begins another resource's run ids
    /// ("web" and "web-2") can only wait for or delete that resource's dead leftovers: its unsaved state is never pushed
    /// to another address. Plan again before applying: the resource a dead run was creating may now be in the state,
    /// possibly tainted.
    /// </summary>
    /// <returns>Each directory found and what was done with it; <see cref="TerraformReclaimResult.Complete"/> when none is left.</returns>
    Task<TerraformReclaimResult> ReclaimAsync(string runIdPrefix, TerraformHttpBackend backend, CancellationToken cancellationToken);

    /// <summary>
    /// Start-up clean-up of the work root: deletes run directories whose owning service process is gone (a dead
    /// process of this or another service sharing the work root; the process id and start time are recorded), after
    /// killing provisioner children their Terraform orphaned. Never waits and never pushes: directories with a
    /// Terraform process still running (<see cref="TerraformLeftoverDisposition.ProcessRunning"/>) or with state
    /// Terraform could not save (<see cref="TerraformLeftoverDisposition.UnsavedStateKept"/>) are kept for
    /// <see cref="ReclaimAsync"/>, without their inputs and plan. Directories of live owners are not reported.
    /// </summary>
    Task<TerraformReclaimResult> SweepAsync(CancellationToken cancellationToken);
}
