namespace EnvOrchestrator.Core.Environments;

/// <summary>The lifecycle state of an environment as users see it; <see cref="EnvironmentStatusMachine"/> says which changes are allowed.</summary>
public enum EnvironmentStatus
{
    Pending,

    /// <summary>Accepted and waiting for its orchestration to start; called <c>Validating</c> before (see <see cref="EnvironmentStatusNames"/>).</summary>
    Queued,
    AwaitingApproval,
    Deploying,
    Ready,
    Updating,
    Destroying,
    Destroyed,
    Failed,
    Cancelled,
}
