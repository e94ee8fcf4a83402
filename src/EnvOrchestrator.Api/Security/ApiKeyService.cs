using EnvOrchestrator.Core.ApiKeys;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Api.Security;

/// <summary>Creates, lists, revokes and checks API keys; the store only ever sees hashes.</summary>
public sealed class ApiKeyService(IApiKeyStore store, TimeProvider time, IOptions<SecurityOptions> options)
{
    /// <summary>The name a request with <see cref="SecurityOptions.BootstrapAdminKey"/> is recorded under.</summary>
    public const string BootstrapName = "bootstrap-admin";

    /// <summary>Stores a new key and returns it with its text, which is never available again.</summary>
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(
        string name, IReadOnlyList<string> grants, DateTimeOffset? expiresAt, string createdBy, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (id, key, hash) = ApiKeyTokens.Generate();
            var record = new ApiKeyRecord(id, name, hash, [.. grants], createdBy, time.GetUtcNow(), expiresAt);
            if (await store.AddAsync(record, cancellationToken).ConfigureAwait(false))
            {
                return (record, key);
            }
        }
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<ApiKeyRecord?> RevokeAsync(string id, string revokedBy, CancellationToken cancellationToken) =>
        store.RevokeAsync(id, revokedBy, time.GetUtcNow(), cancellationToken);

    /// <summary>Whether any stored key is neither revoked nor expired.</summary>
    public async Task<bool> AnyActiveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Any(k => k.IsActiveAt(now));
    }

    /// <summary>The identity of a presented key; null when it is unknown, wrong, revoked or expired.</summary>
    public async Task<RequestIdentity?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var bootstrap = options.Value.BootstrapAdminKey;
        if (!string.IsNullOrEmpty(bootstrap) && ApiKeyTokens.HashMatches(presented, ApiKeyTokens.Hash(bootstrap)))
        {
            return AccessGrants.Identity(BootstrapName, true, [AccessGrants.PlatformAdmin, AccessGrants.Delegate]);
        }

        if (!ApiKeyTokens.TryParse(presented, out var id, out var secret))
        {
            return null;
        }

        var key = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (key is null || !ApiKeyTokens.HashMatches(secret, key.SecretHash) || !key.IsActiveAt(time.GetUtcNow()))
        {
            return null;
        }

        return AccessGrants.Identity(key.Name, true, key.Grants);
    }
}
