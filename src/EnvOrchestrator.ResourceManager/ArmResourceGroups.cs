using System.Collections.Immutable;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using EnvOrchestrator.Core.ResourceGroups;

namespace EnvOrchestrator.ResourceManager;

/// <summary>Resource groups through Azure Resource Manager's SDK (PUT, DELETE and a tag-filtered list of resourcegroups).</summary>
internal sealed class ArmResourceGroups(ArmClient client, string subscriptionId) : IResourceGroups
{
    public bool IsConfigured => true;

    private ResourceGroupCollection Groups =>
        client.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(subscriptionId)).GetResourceGroups();

    public async Task EnsureAsync(ResourceGroupSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var data = new ResourceGroupData(new AzureLocation(spec.Location));
        foreach (var (key, value) in spec.Tags)
        {
            data.Tags[key] = value;
        }

        await Groups.CreateOrUpdateAsync(WaitUntil.Completed, spec.Name, data, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ResourceGroupResource group;
        try
        {
            group = (await Groups.GetAsync(name, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }

        // Completed: the group and everything left in it are gone before the destroy is reported done.
        await group.DeleteAsync(WaitUntil.Completed, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<ResourceGroupSpec>> ListManagedAsync(CancellationToken cancellationToken)
    {
        var found = new List<ResourceGroupSpec>();
        var filter = $"tagName eq '{ResourceGroupTags.Managed}' and tagValue eq 'true'";
        await foreach (var group in Groups.GetAllAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(new ResourceGroupSpec(group.Data.Name, group.Data.Location.Name, group.Data.Tags.ToImmutableSortedDictionary(StringComparer.Ordinal)));
        }

        return found;
    }
}
