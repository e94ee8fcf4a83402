using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>Values maintained once and shared by many environment templates (tags, subscription, region...).</summary>
public sealed record VariableSet(string Name)
{
    public string? Description { get; init; }

    public ImmutableArray<SharedVariable> Variables { get; init; } = [];

    public ImmutableArray<string> SharedWith { get; init; } = [];

    public DocumentSource Source { get; init; } = DocumentSource.None;
}

/// <summary>
/// One value of a <see cref="VariableSet"/>; sensitive values are never shown back to users. <see cref="Override"/>
/// and <see cref="Allowed"/> limit what a request may put in its place, combined with the input's own rule.
/// </summary>
public sealed record SharedVariable(string Name, Value Value)
{
    public bool Sensitive { get; init; }

    public OverrideRule Override { get; init; } = OverrideRule.Allowed;

    /// <summary>The values a request may choose instead of <see cref="Value"/>; empty means any.</summary>
    public ImmutableArray<Value> Allowed { get; init; } = [];
}
