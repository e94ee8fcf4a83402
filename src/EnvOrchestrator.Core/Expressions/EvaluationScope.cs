using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Expressions;

/// <summary>
/// The values references resolve against. A resource missing from <see cref="ResourceOutputs"/> has not been applied
/// yet: its outputs evaluate to <see cref="UnknownValue"/>, so an environment can be planned before its upstreams exist.
/// </summary>
public sealed record EvaluationScope
{
    public ImmutableDictionary<string, Value> Inputs { get; init; } = ImmutableDictionary<string, Value>.Empty;

    public ImmutableDictionary<string, ImmutableDictionary<string, Value>> ResourceOutputs { get; init; } =
        ImmutableDictionary<string, ImmutableDictionary<string, Value>>.Empty;

    /// <summary>Resources that exist in the environment; a reference to any other resource is an error.</summary>
    public ImmutableHashSet<string> KnownResources { get; init; } = [];

    public string? EnvironmentName { get; init; }

    public string? ProjectName { get; init; }

    /// <summary>Whether the template declares a resource group (<c>environment.resourceGroup</c> is an error otherwise).</summary>
    public bool HasResourceGroup { get; init; }

    /// <summary>The environment's resource group name; unknown (planning before the environment exists) when null.</summary>
    public string? ResourceGroupName { get; init; }
}
