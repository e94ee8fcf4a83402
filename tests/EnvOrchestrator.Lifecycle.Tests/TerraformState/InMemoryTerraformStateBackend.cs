using System.Globalization;
using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.Lifecycle.Tests.TerraformState;

/// <summary>
/// The lifecycle's state backend port in process memory, for tests that compose the lifecycle without a Terraform to
/// serve: no HTTP, no store. A test plays Terraform's part with <see cref="TryLock"/> and <see cref="WriteState"/>.
/// </summary>
internal sealed class InMemoryTerraformStateBackend(TimeProvider time) : ITerraformStateBackend
{
    private readonly Dictionary<TerraformStateAddress, Entry> _entries = [];
    private readonly Lock _gate = new();

    public Task RegisterAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _entries.TryAdd(address, new Entry());
        }

        return Task.CompletedTask;
    }

    public TerraformStateCredentials IssueCredentials(TerraformStateAddress address, TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var expiresAt = time.GetUtcNow() + lifetime;

        // Nobody checks it: no http backend serves this fake.
        return new TerraformStateCredentials("terraform", string.Create(CultureInfo.InvariantCulture, $"fake.{address}.{expiresAt.ToUnixTimeSeconds()}"), expiresAt);
    }

    public Task<ReadOnlyMemory<byte>?> ReadStateAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(address, out var entry) ? entry.State : null);
        }
    }

    public Task<TerraformStateLockInfo?> GetLockAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(address, out var entry) ? entry.Lock : null);
        }
    }

    public Task<TerraformStateLockInfo?> ReleaseLockAsync(TerraformStateAddress address, string? lockId, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var entry) || entry.Lock is not { } held || (lockId is not null && held.Id != lockId))
            {
                return Task.FromResult<TerraformStateLockInfo?>(null);
            }

            entry.Lock = null;
            return Task.FromResult<TerraformStateLockInfo?>(held);
        }
    }

    public Task<bool> DeleteAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.Remove(address));
        }
    }

    /// <summary>Takes the lock as Terraform would; false when the address is unknown or another lock holds it.</summary>
    /// <param name="orphaned">Whether the lock reads as left by a service process that is gone.</param>
    public bool TryLock(TerraformStateAddress address, string lockId, bool orphaned = false)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var entry) || (entry.Lock is { } held && held.Id != lockId))
            {
                return false;
            }

            entry.Lock ??= new TerraformStateLockInfo(lockId, time.GetUtcNow(), orphaned);
            return true;
        }
    }

    /// <summary>Writes the current state as Terraform would (lock checks left out); false when the address is unknown.</summary>
    public bool WriteState(TerraformStateAddress address, ReadOnlyMemory<byte> content)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var entry))
            {
                return false;
            }

            entry.State = content.ToArray();
            return true;
        }
    }

    private sealed class Entry
    {
        public ReadOnlyMemory<byte>? State { get; set; }

        public TerraformStateLockInfo? Lock { get; set; }
    }
}
