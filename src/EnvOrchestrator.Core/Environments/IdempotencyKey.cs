namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// A client's idempotency key within a scope (e.g. <c>{project}:create-environment</c>), so two projects or two
/// operations never share a key. Both parts are 1–200 characters without control characters.
/// </summary>
public sealed record IdempotencyKey
{
    public const int MaxLength = 200;

    public IdempotencyKey(string scope, string key)
    {
        Scope = Check(scope, nameof(scope));
        Key = Check(key, nameof(key));
    }

    public string Scope { get; }

    public string Key { get; }

    public static bool IsValid(string? text) => !string.IsNullOrEmpty(text) && text.Length <= MaxLength && !text.Any(char.IsControl);

    public override string ToString() => $"{Scope}:{Key}";

    private static string Check(string text, string name) =>
        IsValid(text) ? text : throw new ArgumentException($"An idempotency {name} is 1–{MaxLength} characters without control characters.", name);
}

/// <summary>What <see cref="IIdempotencyStore.ReserveAsync"/> found.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is the caller's: do the work, then complete it.</summary>
    Reserved,

    /// <summary>The same request is being handled right now (answer e.g. 409 and let the client retry).</summary>
    InProgress,

    /// <summary>The same request was handled: answer with <see cref="IdempotencyReservation.Response"/>.</summary>
    Completed,

    /// <summary>The key was used for a different request (answer 422).</summary>
    Mismatch,
}

public sealed record IdempotencyReservation(IdempotencyOutcome Outcome, IdempotentResponse? Response);

/// <summary>The stored answer to a request: a status code, the resource it points to and the body as sent.</summary>
public sealed record IdempotentResponse(int StatusCode, string? Location, string Body);

/// <summary>How long idempotency entries live, and how long a reservation blocks retries before it can be taken over.</summary>
public sealed record IdempotencyPolicy
{
    public static IdempotencyPolicy Default { get; } = new();

    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan InProgressLease { get; init; } = TimeSpan.FromMinutes(5);
}
