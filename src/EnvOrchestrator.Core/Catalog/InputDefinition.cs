using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>
/// A typed input of a resource or environment template. <see cref="Min"/>/<see cref="Max"/> bound a number's value,
/// a string's length or a list's or map's item count.
/// </summary>
public sealed record InputDefinition(string Name, ValueKind Type)
{
    public string? Description { get; init; }

    public Value? Default { get; init; }

    /// <summary>Required unless stated otherwise in the file; an input with a default is never required.</summary>
    public bool Required { get; init; } = true;

    public string? Pattern { get; init; }

    public ImmutableArray<Value> Allowed { get; init; } = [];

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public bool Sensitive { get; init; }

    /// <summary>Whether a request may set the input to <c>null</c> (Terraform's <c>nullable</c>); false unless stated in the file.</summary>
    public bool Nullable { get; init; }

    public OverrideRule Override { get; init; } = OverrideRule.Allowed;

    public bool IsRequired => Required && Default is null;
}
