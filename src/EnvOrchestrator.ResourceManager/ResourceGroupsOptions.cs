namespace EnvOrchestrator.ResourceManager;

/// <summary>Where per-environment resource groups are made (section <c>ResourceGroups</c>).</summary>
public sealed class ResourceGroupsOptions
{
    public const string SectionName = "ResourceGroups";

    /// <summary>The subscription the groups are made in; none configured, templates that ask for a group cannot deploy.</summary>
    public string? SubscriptionId { get; set; }

    /// <summary>Resource Manager's endpoint: the public cloud's unless set (a sovereign cloud, or a test's stub).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The token audience for <see cref="Endpoint"/>; the public cloud's when null.</summary>
    public string? Audience { get; set; }
}
