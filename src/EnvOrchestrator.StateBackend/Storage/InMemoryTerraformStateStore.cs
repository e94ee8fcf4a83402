using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Storage;

/// <summary>Keeps states in process memory: for tests, benchmarks and a single-process development host.</summary>
public sealed class InMemoryTerraformStateStore : ITerraformStateStore
{
    private readonly Dictionary<TerraformStateAddress, Entry> _entries = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _keepPreviousVersions;

    /// <param name="keepPreviousVersions">How many versions older than the current one to keep.</param>
    public InMemoryTerraformStateStore(TimeProvider timeProvider, int keepPreviousVersions)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(keepPreviousVersions);
        _timeProvider = timeProvider;
        _keepPreviousVersions = keepPreviousVersions;
    }

    public Task<bool> RegisterAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryAdd(address, new Entry()));
        }
    }

    public Task<bool> IsRegisteredAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.ContainsKey(address));
        }
    }

    public Task<StoredState?> GetStateAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(address, out var entry) && entry.Versions.Count > 0 ? entry.Versions[^1] : null);
        }
    }

    public Task<LockAttempt> TryLockAsync(TerraformStateAddress address, TerraformStateLock requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requested);
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var entry))
            {
                return Task.FromResult(new LockAttempt(LockOutcome.UnknownAddress, null));
            }

            if (entry.Lock is { } holder && holder.Id != requested.Id)
            {
                return Task.FromResult(new LockAttempt(LockOutcome.Held, holder));
            }

            entry.Lock ??= requested;
            return Task.FromResult(new LockAttempt(LockOutcome.Acquired, entry.Lock));
        }
    }

    public Task<UnlockAttempt> UnlockAsync(TerraformStateAddress address, string? lockId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var entry))
            {
                return Task.FromResult(new UnlockAttempt(UnlockOutcome.UnknownAddress, null));
            }

            if (entry.Lock is not { } holder)
            {
                return Task.FromResult(new UnlockAttempt(UnlockOutcome.NotLocked, null));
            }

            if (lockId is not null && holder.Id != lockId)
            {
                return Task.FromResult(new UnlockAttempt(UnlockOutcome.HeldByOther, holder));
            }

            entry.Lock = null;
            return Task.FromResult(new UnlockAttempt(UnlockOutcome.Released, holder));
        }
    }

    public Task<TerraformStateLock?> GetLockAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(address, out var entry) ? entry.Lock : null);
        }
    }

    public Task<StateWriteAttempt> WriteStateAsync(TerraformStateAddress address, string? lockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var entry))
            {
                return Task.FromResult(new StateWriteAttempt(StateWriteOutcome.UnknownAddress, 0, null));
            }

            if (entry.Lock?.Id != lockId)
            {
                return Task.FromResult(new StateWriteAttempt(StateWriteOutcome.LockMismatch, 0, entry.Lock));
            }

            var version = entry.Versions.Count > 0 ? entry.Versions[^1].Version + 1 : 1;
            entry.Versions.Add(new StoredState(content.ToArray(), version, _timeProvider.GetUtcNow()));
            var excess = entry.Versions.Count - (_keepPreviousVersions + 1);
            if (excess > 0)
            {
                entry.Versions.RemoveRange(0, excess);
            }

            return Task.FromResult(new StateWriteAttempt(StateWriteOutcome.Written, version, null));
        }
    }

    public Task<IReadOnlyList<StateVersionInfo>> ListVersionsAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<StateVersionInfo> versions = _entries.TryGetValue(address, out var entry)
                ? entry.Versions.Select(v => new StateVersionInfo(v.Version, v.Content.Length, v.WrittenAt)).Reverse().ToList()
                : [];
            return Task.FromResult(versions);
        }
    }

    public Task<StoredState?> GetVersionAsync(TerraformStateAddress address, long version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(address, out var entry) ? entry.Versions.Find(v => v.Version == version) : null);
        }
    }

    public Task<IReadOnlyList<HeldStateLock>> ListLocksAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HeldStateLock> locks = _entries
                .Where(e => e.Value.Lock is not null)
                .Select(e => new HeldStateLock(e.Key, e.Value.Lock!))
                .ToList();
            return Task.FromResult(locks);
        }
    }

    public Task<bool> DeleteAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.Remove(address));
        }
    }

    private sealed class Entry
    {
        public TerraformStateLock? Lock { get; set; }

        public List<StoredState> Versions { get; } = [];
    }
}
