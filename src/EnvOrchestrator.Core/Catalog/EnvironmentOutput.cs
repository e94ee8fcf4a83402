using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>An output of an environment, usually a reference to a resource output.</summary>
public sealed record EnvironmentOutput(string Name, Value Value)
{
    public string? Description { get; init; }

    public bool Sensitive { get; init; }
}
