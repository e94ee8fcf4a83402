namespace EnvOrchestrator.Core.Environments;

/// <summary>What a run does to an environment.</summary>
public enum RunKind
{
    Deploy,
    Update,
    Destroy,

    /// <summary>Resumes a failed or cancelled run from the resource that failed.</summary>
    Retry,
}
