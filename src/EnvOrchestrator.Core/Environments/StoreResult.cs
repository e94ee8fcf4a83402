namespace EnvOrchestrator.Core.Environments;

/// <summary>How a store write ended.</summary>
public enum StoreOutcome
{
    Succeeded,

    /// <summary>A create found the key taken.</summary>
    AlreadyExists,

    /// <summary>The stored version is not the one the writer read: someone else wrote in between.</summary>
    VersionConflict,

    NotFound,
}

/// <summary>The outcome of a store write; on success <see cref="Value"/> is the stored record carrying its new version.</summary>
public sealed record StoreResult<T>(StoreOutcome Outcome, T? Value)
    where T : class
{
    public bool Succeeded => Outcome == StoreOutcome.Succeeded;
}

/// <summary>Factories for <see cref="StoreResult{T}"/>.</summary>
public static class StoreResult
{
    public static StoreResult<T> Success<T>(T value)
        where T : class => new(StoreOutcome.Succeeded, value);

    public static StoreResult<T> Failure<T>(StoreOutcome outcome)
        where T : class => new(outcome, null);
}
