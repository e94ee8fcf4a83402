namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// Serializes work on one instance inside this process. The poller never overlaps an instance with itself, but a
/// host that calls the engine once per queue-triggered message can; without this they would race on the ETag
/// and burn commits on conflicts that are known in advance.
/// </summary>
internal sealed class InstanceLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<Releaser> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(instanceId, out entry!))
            {
                entry = new Entry();
                _entries[instanceId] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(instanceId, entry, release: false);
            throw;
        }

        return new Releaser(this, instanceId, entry);
    }

    private void Leave(string instanceId, Entry entry, bool release)
    {
        if (release)
        {
            entry.Gate.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(instanceId);
                entry.Gate.Dispose();
            }
        }
    }

    internal readonly struct Releaser(InstanceLocks owner, string instanceId, Entry entry) : IDisposable
    {
        public void Dispose() => owner.Leave(instanceId, entry, release: true);
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
