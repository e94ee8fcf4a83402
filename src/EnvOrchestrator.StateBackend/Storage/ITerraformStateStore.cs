using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Storage;

/// <summary>
/// Stores Terraform states, their locks and previous versions. An address must be registered before Terraform can lock
/// or write it; reads of an unregistered address see nothing. Every operation reports a failure of the underlying
/// storage as <see cref="TerraformStateStorageException"/> (the http backend answers it with 503 or 500).
/// </summary>
public interface ITerraformStateStore
{
    /// <summary>Makes the address known. Returns false when it already was (idempotent).</summary>
    Task<bool> RegisterAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    Task<bool> IsRegisteredAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    /// <summary>The current state, or null when none was written (or the address is unknown).</summary>
    Task<StoredState?> GetStateAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    /// <summary>Takes the lock unless another holder has it; taking it again with the holder's id succeeds.</summary>
    Task<LockAttempt> TryLockAsync(TerraformStateAddress address, TerraformStateLock requested, CancellationToken cancellationToken);

    /// <summary>Releases the lock held by <paramref name="lockId"/>; a null id releases any holder (force-unlock).</summary>
    Task<UnlockAttempt> UnlockAsync(TerraformStateAddress address, string? lockId, CancellationToken cancellationToken);

    Task<TerraformStateLock?> GetLockAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a new current state when <paramref name="lockId"/> is the holder's id, or when no lock is held and no id is
    /// given (Terraform run with <c>-lock=false</c>). The previous state stays readable as an older version.
    /// </summary>
    Task<StateWriteAttempt> WriteStateAsync(TerraformStateAddress address, string? lockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Kept versions, newest first; the newest is the current state.</summary>
    Task<IReadOnlyList<StateVersionInfo>> ListVersionsAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    Task<StoredState?> GetVersionAsync(TerraformStateAddress address, long version, CancellationToken cancellationToken);

    /// <summary>Every held lock, for the stale-lock sweep.</summary>
    Task<IReadOnlyList<HeldStateLock>> ListLocksAsync(CancellationToken cancellationToken);

    /// <summary>Removes the state, its versions, its lock and the registration. Returns false when it was unknown.</summary>
    Task<bool> DeleteAsync(TerraformStateAddress address, CancellationToken cancellationToken);
}
