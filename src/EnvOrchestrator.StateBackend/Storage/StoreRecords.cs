using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.StateBackend.Storage;

/// <summary>A state lock: Terraform's lock id and its LockInfo JSON exactly as sent, so a waiter sees who holds it.</summary>
public sealed record TerraformStateLock(string Id, string InfoJson, DateTimeOffset AcquiredAt)
{
    /// <summary>The service process that served the lock request (<see cref="StateServer"/>); null for older locks.</summary>
    public string? Server { get; init; }
}

public sealed record HeldStateLock(TerraformStateAddress Address, TerraformStateLock Lock);

/// <summary>One stored state document (current or an older version).</summary>
public sealed record StoredState(ReadOnlyMemory<byte> Content, long Version, DateTimeOffset WrittenAt);

public sealed record StateVersionInfo(long Version, long Size, DateTimeOffset WrittenAt);

public enum LockOutcome
{
    Acquired,
    Held,
    UnknownAddress,
}

/// <summary>The result of a lock request; <see cref="Holder"/> is the current holder when the lock is held by someone else.</summary>
public sealed record LockAttempt(LockOutcome Outcome, TerraformStateLock? Holder);

public enum UnlockOutcome
{
    Released,
    NotLocked,
    HeldByOther,
    UnknownAddress,
}

public sealed record UnlockAttempt(UnlockOutcome Outcome, TerraformStateLock? Holder);

public enum StateWriteOutcome
{
    Written,
    LockMismatch,
    UnknownAddress,
}

/// <summary>The result of a write; <see cref="Version"/> is the new version when written.</summary>
public sealed record StateWriteAttempt(StateWriteOutcome Outcome, long Version, TerraformStateLock? Holder);
