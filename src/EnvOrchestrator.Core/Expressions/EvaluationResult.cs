using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Expressions;

/// <summary>The value of an expression, or the errors that prevented it (then <see cref="Value"/> is unknown).</summary>
public sealed record EvaluationResult(Value Value, ImmutableArray<string> Errors)
{
    public bool Succeeded => Errors.IsEmpty;
}
