using System.Collections.Immutable;

namespace EnvOrchestrator.Core.ResourceGroups;

/// <summary>
/// The resource groups the service makes for environments whose template asks for one (port; the adapter speaks
/// Azure Resource Manager). Every call is idempotent: creating an existing group updates its tags, deleting a missing
/// one reports that nothing was there.
/// </summary>
public interface IResourceGroups
{
    /// <summary>False when no subscription is configured: templates asking for a resource group cannot deploy.</summary>
    bool IsConfigured { get; }

    Task EnsureAsync(ResourceGroupSpec spec, CancellationToken cancellationToken);

    /// <returns>False when the group did not exist.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>The groups carrying the service's tag (<see cref="ResourceGroupTags.Managed"/>), whoever made them.</summary>
    Task<IReadOnlyList<ResourceGroupSpec>> ListManagedAsync(CancellationToken cancellationToken);
}

/// <summary>A resource group as the service makes it.</summary>
public sealed record ResourceGroupSpec(string Name, string Location, ImmutableSortedDictionary<string, string> Tags);

/// <summary>The tags that tie a resource group to its environment, and how its name is made.</summary>
public static class ResourceGroupTags
{
    public const string Managed = "envorch-managed";
    public const string Project = "envorch-project";
    public const string Environment = "envorch-environment";
    public const string Owner = "envorch-owner";
    public const string ExpiresAt = "envorch-expires";

    /// <summary><c>rg-envorch-{project}-{environment}</c>: project and environment names are lower-case letters, digits and hyphens.</summary>
    public static string NameOf(string project, string environment) => $"rg-envorch-{project}-{environment}";
}

/// <summary>Where no subscription is configured: nothing is listed, and a template that needs a group cannot deploy.</summary>
public sealed class UnconfiguredResourceGroups : IResourceGroups
{
    public bool IsConfigured => false;

    public Task EnsureAsync(ResourceGroupSpec spec, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The template asks for a resource group, but no Azure subscription is configured (ResourceGroups:SubscriptionId).");

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<IReadOnlyList<ResourceGroupSpec>> ListManagedAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ResourceGroupSpec>>([]);
}
