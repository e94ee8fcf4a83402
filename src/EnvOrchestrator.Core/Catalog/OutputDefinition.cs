using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>A typed output of a resource template, matching an <c>output</c> block of its Terraform module.</summary>
public sealed record OutputDefinition(string Name, ValueKind Type)
{
    public string? Description { get; init; }

    public bool Sensitive { get; init; }
}
