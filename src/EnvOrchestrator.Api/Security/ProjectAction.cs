namespace EnvOrchestrator.Api.Security;

/// <summary>What a request does within a project; access policies map roles to these.</summary>
public enum ProjectAction
{
    /// <summary>Read templates, environments, runs and logs.</summary>
    Read,

    /// <summary>Create environments.</summary>
    Create,

    /// <summary>Update, extend, retry or cancel an environment.</summary>
    Change,

    /// <summary>Destroy an environment.</summary>
    Destroy,
}
