namespace EnvOrchestrator.Core.Environments.InMemory;

/// <summary>An <see cref="IIdempotencyStore"/> in memory, with the same retention and lease rules as the table store.</summary>
public sealed class InMemoryIdempotencyStore(TimeProvider timeProvider, IdempotencyPolicy policy) : IIdempotencyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IdempotencyKey, Entry> _entries = [];

    public InMemoryIdempotencyStore(TimeProvider timeProvider)
        : this(timeProvider, IdempotencyPolicy.Default)
    {
    }

    public Task<IdempotencyReservation> ReserveAsync(IdempotencyKey key, string requestFingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(requestFingerprint);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
            {
                var found = IdempotencyRules.Classify(entry.Fingerprint, entry.Response, entry.ReservedAt, requestFingerprint, now, policy);
                if (found.Outcome != IdempotencyOutcome.Reserved)
                {
                    return Task.FromResult(found);
                }
            }

            _entries[key] = new Entry(requestFingerprint, now, now + policy.Retention, null);
            return Task.FromResult(new IdempotencyReservation(IdempotencyOutcome.Reserved, null));
        }
    }

    public Task<bool> CompleteAsync(IdempotencyKey key, string requestFingerprint, IdempotentResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(response);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.Fingerprint != requestFingerprint || entry.Response is not null)
            {
                return Task.FromResult(false);
            }

            _entries[key] = entry with { Response = response, ExpiresAt = now + policy.Retention };
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(IdempotencyKey key, string requestFingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Fingerprint == requestFingerprint && entry.Response is null)
            {
                _entries.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var expired = _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList();
            expired.ForEach(k => _entries.Remove(k));
            return Task.FromResult(expired.Count);
        }
    }

    private sealed record Entry(string Fingerprint, DateTimeOffset ReservedAt, DateTimeOffset ExpiresAt, IdempotentResponse? Response);
}
