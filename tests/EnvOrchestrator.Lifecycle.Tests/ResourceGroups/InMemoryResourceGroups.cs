using System.Collections.Concurrent;
using EnvOrchestrator.Core.ResourceGroups;

namespace EnvOrchestrator.Lifecycle.Tests.ResourceGroups;

/// <summary>A subscription's resource groups in memory, with every call recorded; it can be told to refuse creates.</summary>
internal sealed class InMemoryResourceGroups : IResourceGroups
{
    public ConcurrentDictionary<string, ResourceGroupSpec> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Calls { get; } = new();

    public string? RefuseCreates { get; set; }

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
        return Task.FromResult(Groups.TryRemove(name, out _));
    }

    public Task<IReadOnlyList<ResourceGroupSpec>> ListManagedAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ResourceGroupSpec>>([.. Groups.Values.Where(g => g.Tags.GetValueOrDefault(ResourceGroupTags.Managed) == "true")]);
}
