namespace EnvOrchestrator.Core.Environments;

/// <summary>The lifecycle state of an environment as users see it; <see cref="EnvironmentStatusMachine"/> says which changes are allowed.</summary>
public enum EnvironmentStatus
{
    Pending,
    Validating,
    AwaitingApproval,
    Deploying,
    Ready,
    Updating,
    Destroying,
    Destroyed,
    Failed,
    Cancelled,
}
