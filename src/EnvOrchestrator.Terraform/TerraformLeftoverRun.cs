namespace EnvOrchestrator.Terraform;

/// <summary>What became of a run directory left by an earlier attempt or by a service process that died.</summary>
public enum TerraformLeftoverDisposition
{
    /// <summary>Deleted with everything it held (inputs, plan, output logs).</summary>
    Removed,

    /// <summary>
    /// Left alone: a run of this process still uses it, or it belongs to another live service process sharing the work
    /// root. Only <see cref="ITerraformRunner.ReclaimAsync"/> reports these (it was asked for them).
    /// </summary>
    InUse,

    /// <summary>
    /// A Terraform process of the directory still runs (it is saving state through the backend's retries):
    /// <see cref="ITerraformRunner.SweepAsync"/> does not wait for it; <see cref="ITerraformRunner.ReclaimAsync"/> does.
    /// Inputs, plan and logs are deleted already.
    /// </summary>
    ProcessRunning,

    /// <summary>
    /// Terraform could not save its state and left it in the directory (<c>errored.tfstate</c>), and it was not pushed:
    /// the sweep never pushes, the push failed (<see cref="TerraformLeftoverRun.StatePushFailure"/>), or the directory
    /// ran against another state address than the one given. Kept without inputs, plan and logs until a
    /// <see cref="ITerraformRunner.ReclaimAsync"/> with its state's backend pushes it.
    /// </summary>
    UnsavedStateKept,

    /// <summary>The file system refused to delete it (its inputs, plan and logs are deleted); a later sweep tries again.</summary>
    RemoveFailed,
}

/// <summary>One leftover run directory and what was done with it, for the caller's log.</summary>
/// <param name="DirectoryName">Its name under <see cref="TerraformRunnerOptions.WorkRoot"/>: the run id and 8 hex digits.</param>
/// <param name="RunId">The <see cref="TerraformRunRequest.RunId"/> it was made for (letters, digits, '-' and '_').</param>
/// <param name="ProcessAwaited">
/// A Terraform process of it was still running and exited without being killed: on its own within
/// <see cref="TerraformRunnerOptions.OrphanWaitTimeout"/> (having saved state and released its lock, or left
/// <c>errored.tfstate</c>), or after the one SIGTERM.
/// </param>
/// <param name="ProcessKilled">
/// A Terraform process of it had to be stopped after <see cref="TerraformRunnerOptions.OrphanWaitTimeout"/>: its state
/// may be unsaved and its lock held.
/// </param>
/// <param name="StatePushed">The state Terraform could not save (<c>errored.tfstate</c>) was pushed to the backend.</param>
/// <param name="StatePushFailure">Why that push failed, when it did.</param>
public sealed record TerraformLeftoverRun(
    string DirectoryName,
    string RunId,
    TerraformLeftoverDisposition Disposition,
    bool ProcessAwaited,
    bool ProcessKilled,
    bool StatePushed,
    TerraformFailure? StatePushFailure);

/// <summary>What <see cref="ITerraformRunner.ReclaimAsync"/> or <see cref="ITerraformRunner.SweepAsync"/> found and did.</summary>
public sealed record TerraformReclaimResult(IReadOnlyList<TerraformLeftoverRun> Runs)
{
    /// <summary>Nothing of the earlier runs is left: the state may be planned and applied again.</summary>
    public bool Complete => Runs.All(r => r.Disposition == TerraformLeftoverDisposition.Removed);

    /// <summary>
    /// A leftover Terraform was killed, or the state push found the lock held: release the state's lock server-side
    /// (and call <see cref="ITerraformRunner.ReclaimAsync"/> again when <see cref="Complete"/> is false).
    /// </summary>
    public bool StateMayBeLocked => Runs.Any(r => r.ProcessKilled || r.StatePushFailure?.Kind == TerraformFailureKind.StateLocked);
}
