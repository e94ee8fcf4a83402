namespace EnvOrchestrator.Core.Environments;

/// <summary>The decision every <see cref="IIdempotencyStore"/> makes about a live (not expired) entry, in one place.</summary>
public static class IdempotencyRules
{
    /// <summary>
    /// What a reservation finds in a live entry: a different fingerprint is a mismatch, a stored response is
    /// returned, and a reservation older than the lease may be taken over (<see cref="IdempotencyOutcome.Reserved"/>).
    /// </summary>
    public static IdempotencyReservation Classify(
        string storedFingerprint, IdempotentResponse? storedResponse, DateTimeOffset reservedAt, string requestFingerprint, DateTimeOffset now, IdempotencyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!string.Equals(storedFingerprint, requestFingerprint, StringComparison.Ordinal))
        {
            return new IdempotencyReservation(IdempotencyOutcome.Mismatch, null);
        }

        if (storedResponse is not null)
        {
            return new IdempotencyReservation(IdempotencyOutcome.Completed, storedResponse);
        }

        return reservedAt + policy.InProgressLease <= now
            ? new IdempotencyReservation(IdempotencyOutcome.Reserved, null)
            : new IdempotencyReservation(IdempotencyOutcome.InProgress, null);
    }
}
