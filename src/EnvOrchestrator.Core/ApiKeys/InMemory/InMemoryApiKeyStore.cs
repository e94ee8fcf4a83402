namespace EnvOrchestrator.Core.ApiKeys.InMemory;

/// <summary>An <see cref="IApiKeyStore"/> in memory (tests, single-process development).</summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);

    public Task<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return Task.FromResult(_keys.TryAdd(key.Id, key with { Grants = [.. key.Grants] }));
        }
    }

    public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_keys.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ApiKeyRecord>>([.. _keys.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<ApiKeyRecord?> RevokeAsync(string id, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(id, out var key))
            {
                return Task.FromResult<ApiKeyRecord?>(null);
            }

            if (!key.Revoked)
            {
                _keys[id] = key = key with { Revoked = true, RevokedAt = at, RevokedBy = revokedBy };
            }

            return Task.FromResult<ApiKeyRecord?>(key);
        }
    }
}
