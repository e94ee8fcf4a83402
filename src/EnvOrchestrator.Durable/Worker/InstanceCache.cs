using System.Collections.Concurrent;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// Parsed instances this worker committed last, keyed by instance id. A hit saves reading the whole history;
/// it is only trusted together with its ETag, so a stale entry costs one failed commit, never a wrong one.
/// </summary>
internal sealed class InstanceCache(int capacity)
{
    private readonly ConcurrentDictionary<string, LoadedInstance> _entries = new(StringComparer.Ordinal);

    public LoadedInstance? Get(string instanceId) => _entries.TryGetValue(instanceId, out var entry) ? entry : null;

    public void Set(string instanceId, LoadedInstance instance)
    {
        if (_entries.Count >= capacity && !_entries.ContainsKey(instanceId))
        {
            // Crude but bounded: finished instances dominate a full cache and cost one read to reload.
            _entries.Clear();
        }

        _entries[instanceId] = instance;
    }

    public void Remove(string instanceId) => _entries.TryRemove(instanceId, out _);
}
