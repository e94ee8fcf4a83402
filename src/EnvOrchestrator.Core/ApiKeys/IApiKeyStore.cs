namespace EnvOrchestrator.Core.ApiKeys;

/// <summary>Stores API keys (hashed); records are added and revoked, never changed otherwise or removed.</summary>
public interface IApiKeyStore
{
    /// <summary>Adds <paramref name="key"/>; false when a key with its id exists (the caller draws another id).</summary>
    Task<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key with <paramref name="id"/>, or null.</summary>
    Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every key, revoked and expired ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Marks the key revoked (once; a second revoke keeps the first one's who and when); null when there is no such key.</summary>
    Task<ApiKeyRecord?> RevokeAsync(string id, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken);
}
