using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Core.Environments;

/// <summary>The outcome of a domain operation: a value, or the rule it broke.</summary>
public sealed record DomainResult<T>
{
    internal DomainResult(T? value, DomainError? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public DomainError? Problem { get; }

    /// <summary>True when no rule was broken; <see cref="Value"/> may still be null where null means "none" (e.g. no expiry).</summary>
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;
}

/// <summary>Factories for <see cref="DomainResult{T}"/>.</summary>
public static class DomainResult
{
    public static DomainResult<T> Success<T>(T value) => new(value, null);

    public static DomainResult<T> Failure<T>(string code, string message) => new(default, new DomainError(code, message));
}
