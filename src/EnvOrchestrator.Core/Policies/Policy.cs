using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Core.Policies;

/// <summary>A named set of guardrails applying to some projects and environment templates.</summary>
public sealed record Policy(string Name, PolicyScope AppliesTo, PolicyEnforcement Enforcement)
{
    public string? Description { get; init; }

    public ImmutableArray<PolicyRule> Rules { get; init; } = [];

    public DocumentSource Source { get; init; } = DocumentSource.None;
}
