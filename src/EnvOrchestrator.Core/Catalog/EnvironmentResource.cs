using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>
/// One resource of an environment template: a resource template reference, its input values (which may hold
/// <c>${...}</c> expressions, kept as unevaluated strings) and explicit dependencies.
/// </summary>
public sealed record EnvironmentResource(string Name, TemplateReference Template)
{
    public ImmutableSortedDictionary<string, Value> Inputs { get; init; } =
        ImmutableSortedDictionary.Create<string, Value>(StringComparer.Ordinal);

    public ImmutableArray<string> DependsOn { get; init; } = [];
}
