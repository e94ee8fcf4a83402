namespace EnvOrchestrator.Core.Environments;

/// <summary>The state of a run; <c>Succeeded</c>, <c>Failed</c> and <c>Cancelled</c> are final.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>The Terraform operation a step performs.</summary>
public enum StepAction
{
    Plan,
    Apply,
    Destroy,
}

/// <summary>The state of one step of a run.</summary>
public enum StepStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}
