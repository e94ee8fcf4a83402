using System.Security.Cryptography;
using EnvOrchestrator.Core.TerraformState;
using Microsoft.AspNetCore.DataProtection;

namespace EnvOrchestrator.StateBackend.Storage;

/// <summary>
/// Seals state documents (and so every kept version) with the service's key ring before they reach the store, and
/// opens them on the way out: a Terraform state holds every secret its resources have (keys, connection strings),
/// and a reader of the storage account alone must see none. A sealed document starts with <see cref="Marker"/>; one
/// without it was written before sealing and is returned as it is (it is sealed on its next write).
/// </summary>
internal sealed class SealingTerraformStateStore(ITerraformStateStore inner, IDataProtector protector) : ITerraformStateStore
{
    /// <summary>Not valid JSON, so no Terraform state can start with it.</summary>
    internal static readonly byte[] Marker = "ENVORCH-SEALED-1\n"u8.ToArray();

    public const string Purpose = "EnvOrchestrator.StateBackend.State.v1";

    public Task<bool> RegisterAsync(TerraformStateAddress address, CancellationToken cancellationToken) => inner.RegisterAsync(address, cancellationToken);

    public Task<bool> IsRegisteredAsync(TerraformStateAddress address, CancellationToken cancellationToken) => inner.IsRegisteredAsync(address, cancellationToken);

    public async Task<StoredState?> GetStateAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        Open(await inner.GetStateAsync(address, cancellationToken).ConfigureAwait(false));

    public Task<LockAttempt> TryLockAsync(TerraformStateAddress address, TerraformStateLock requested, CancellationToken cancellationToken) =>
        inner.TryLockAsync(address, requested, cancellationToken);

    public Task<UnlockAttempt> UnlockAsync(TerraformStateAddress address, string? lockId, CancellationToken cancellationToken) =>
        inner.UnlockAsync(address, lockId, cancellationToken);

    public Task<TerraformStateLock?> GetLockAsync(TerraformStateAddress address, CancellationToken cancellationToken) => inner.GetLockAsync(address, cancellationToken);

    public Task<StateWriteAttempt> WriteStateAsync(TerraformStateAddress address, string? lockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(address, lockId, Seal(content), cancellationToken);

    public Task<IReadOnlyList<StateVersionInfo>> ListVersionsAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        inner.ListVersionsAsync(address, cancellationToken);

    public async Task<StoredState?> GetVersionAsync(TerraformStateAddress address, long version, CancellationToken cancellationToken) =>
        Open(await inner.GetVersionAsync(address, version, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<HeldStateLock>> ListLocksAsync(CancellationToken cancellationToken) => inner.ListLocksAsync(cancellationToken);

    public Task<bool> DeleteAsync(TerraformStateAddress address, CancellationToken cancellationToken) => inner.DeleteAsync(address, cancellationToken);

    internal ReadOnlyMemory<byte> Seal(ReadOnlyMemory<byte> content)
    {
        var sealedContent = protector.Protect(content.ToArray());
        var result = new byte[Marker.Length + sealedContent.Length];
        Marker.CopyTo(result, 0);
        sealedContent.CopyTo(result, Marker.Length);
        return result;
    }

    private StoredState? Open(StoredState? stored)
    {
        if (stored is null || !stored.Content.Span.StartsWith(Marker))
        {
            return stored;
        }

        try
        {
            return stored with { Content = protector.Unprotect(stored.Content[Marker.Length..].ToArray()) };
        }
        catch (CryptographicException e)
        {
            // A state sealed by another key ring (or tampered with): a storage-level failure, never plain garbage to Terraform.
            throw new TerraformStateStorageException($"The stored state cannot be opened with this service's key ring: {e.Message}", e);
        }
    }
}
