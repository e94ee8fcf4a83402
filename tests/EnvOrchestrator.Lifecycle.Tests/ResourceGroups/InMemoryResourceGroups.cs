using System.Collections.Concurrent;
using EnvOrchestrator.Core.ResourceGroups;

namespace EnvOrchestrator.Lifecycle.Tests.ResourceGroups;

/// <summary>A subscription's resource groups in memory, with every call recorded; it can be told to refuse creates, lists or deletes.</summary>
internal sealed class InMemoryResourceGroups : IResourceGroups
{
    public ConcurrentDictionary<string, ResourceGroupSpec> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Calls { get; } = new();

    public string? RefuseCreates { get; set; }

    public string? RefuseLists { get; set; }

    public HashSet<string> RefuseDeletesOf { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured => true;

    public Task EnsureAsync(ResourceGroupSpec spec, CancellationToken cancellationToken)
    {
        Calls.Enqueue("ensure " + spec.Name);
        if (RefuseCreates is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        Groups[spec.Name] = spec;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        Calls.Enqueue("delete " + name);
        if (RefuseDeletesOf.Contains(name))
        {
            throw new InvalidOperationException($"The resource group {name} is locked.");
        }

        return Task.FromResult(Groups.TryRemove(name, out _));
    }

    public Task<IReadOnlyList<ResourceGroupSpec>> ListManagedAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("list");
        return RefuseLists is { } reason
            ? Task.FromException<IReadOnlyList<ResourceGroupSpec>>(new HttpRequestException(reason))
            : Task.FromResult<IReadOnlyList<ResourceGroupSpec>>([.. Groups.Values.Where(g => g.Tags.GetValueOrDefault(ResourceGroupTags.Managed) == "true")]);
    }
}
