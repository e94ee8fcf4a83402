namespace EnvOrchestrator.Core.Environments;

/// <summary>The state of one resource of an environment; <see cref="ResourceStatusMachine"/> says which changes are allowed.</summary>
public enum ResourceStatus
{
    Pending,
    Planning,
    Applying,
    Succeeded,
    Failed,

    /// <summary>Not run because a resource it depends on failed or the run was cancelled.</summary>
    Skipped,
    Destroying,
    Destroyed,

    /// <summary>Stopped by a cancel while it was planned or applied: Terraform stopped gracefully, state saved.</summary>
    Cancelled,
}
