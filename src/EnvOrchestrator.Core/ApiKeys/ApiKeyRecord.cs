namespace EnvOrchestrator.Core.ApiKeys;

/// <summary>
/// An API key as stored: never the secret, only its SHA-256 (<see cref="SecretHash"/>, lower-case hex). The key a
/// caller presents is <c>eok_{Id}_{secret}</c>, so finding the record is one point read by <see cref="Id"/>.
/// </summary>
/// <param name="Id">The public key id (lower-case hex), also the key's prefix.</param>
/// <param name="Name">What the key is for, e.g. <c>portal-bot</c>; recorded as the caller's name.</param>
/// <param name="Grants">What the key may do: <c>platform-admin</c>, <c>delegate</c>, <c>project:{name}:{role}</c>.</param>
/// <param name="CreatedBy">Who created it, as recorded on environments.</param>
/// <param name="ExpiresAt">When it stops working; null for never.</param>
public sealed record ApiKeyRecord(
    string Id,
    string Name,
    string SecretHash,
    IReadOnlyList<string> Grants,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    public bool Revoked { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    /// <summary>Neither revoked nor expired at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => !Revoked && (ExpiresAt is null || ExpiresAt > now);
}
