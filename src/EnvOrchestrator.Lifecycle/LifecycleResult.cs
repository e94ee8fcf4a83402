using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Lifecycle;

/// <summary>A value, or the <see cref="LifecycleProblem"/> that prevented it.</summary>
public sealed record LifecycleResult<T>
    where T : class
{
    internal LifecycleResult(T? value, LifecycleProblem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public LifecycleProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;
}

/// <summary>Factories for <see cref="LifecycleResult{T}"/>.</summary>
public static class LifecycleResult
{
    public static LifecycleResult<T> Success<T>(T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static LifecycleResult<T> Failure<T>(LifecycleProblem problem)
        where T : class => new(null, problem ?? throw new ArgumentNullException(nameof(problem)));
}
