namespace EnvOrchestrator.Api.Security;

/// <summary>What a request does; access policies map roles to these (docs/security.md has the table).</summary>
public enum ProjectAction
{
    /// <summary>Read templates, environments, runs and logs.</summary>
    Read,

    /// <summary>Create environments.</summary>
    Create,

    /// <summary>Update, extend, retry or cancel an environment.</summary>
    Change,

    /// <summary>See sensitive outputs in clear (<c>POST …/outputs/reveal</c>).</summary>
    Reveal,

    /// <summary>Approve or reject what an environment waits for (a deploy, an extension above the caps).</summary>
    Approve,

    /// <summary>Destroy an environment.</summary>
    Destroy,

    /// <summary>Remove a destroyed environment for good, with its runs and logs.</summary>
    Purge,

    /// <summary>Add, list and remove the project's webhooks and read their delivery log.</summary>
    ManageWebhooks,

    /// <summary>Platform administration (API keys); not within a project. The strictest action.</summary>
    Administer,
}
