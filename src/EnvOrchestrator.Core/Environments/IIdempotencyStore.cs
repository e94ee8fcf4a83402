namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// Remembers the response to a request sent with an idempotency key, so a client that retries gets the same
/// answer. The caller reserves the key with a fingerprint of the request (e.g. a hash of method, path and body),
/// does the work, then completes the key with the response. Entries are kept for <see cref="IdempotencyPolicy.Retention"/>.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Reserves <paramref name="key"/> for the request with <paramref name="requestFingerprint"/>: <see cref="IdempotencyOutcome.Reserved"/>
    /// means go ahead; otherwise the stored response, "in progress", or "mismatch" when the key was used for a different request.
    /// A reservation not completed within <see cref="IdempotencyPolicy.InProgressLease"/> can be taken over by a retry of the same request.
    /// </summary>
    Task<IdempotencyReservation> ReserveAsync(IdempotencyKey key, string requestFingerprint, CancellationToken cancellationToken);

    /// <summary>Stores the response of a reserved request; false when the reservation is no longer the caller's.</summary>
    Task<bool> CompleteAsync(IdempotencyKey key, string requestFingerprint, IdempotentResponse response, CancellationToken cancellationToken);

    /// <summary>Drops an uncompleted reservation (the work failed before any effect), so a retry can run.</summary>
    Task ReleaseAsync(IdempotencyKey key, string requestFingerprint, CancellationToken cancellationToken);

    /// <summary>Removes entries past their retention; returns how many.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}
