using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>Resources, their wiring and the rules an environment is created under; shared with projects.</summary>
public sealed record EnvironmentTemplate(string Name, SemVersion Version)
{
    public string? Description { get; init; }

    public TemplateStatus Status { get; init; } = TemplateStatus.Active;

    public ImmutableArray<InputDefinition> Inputs { get; init; } = [];

    public ImmutableArray<EnvironmentResource> Resources { get; init; } = [];

    public ImmutableArray<EnvironmentOutput> Outputs { get; init; } = [];

    public LifetimeSettings Lifetime { get; init; } = new();

    /// <summary>When set, each environment gets a resource group of its own (<c>${environment.resourceGroup}</c>).</summary>
    public ResourceGroupSettings? ResourceGroup { get; init; }

    /// <summary>Project names (or <c>*</c>) that may create environments from this template.</summary>
    public ImmutableArray<string> SharedWith { get; init; } = [];

    /// <summary>Names of variable sets whose values fill inputs of the same name.</summary>
    public ImmutableArray<string> VariableSets { get; init; } = [];

    public DocumentSource Source { get; init; } = DocumentSource.None;

    public EnvironmentResource? FindResource(string name) => Resources.FirstOrDefault(r => r.Name == name);

    public bool IsSharedWith(string project) => SharedWith.Any(p => p == "*" || p == project);

    public override string ToString() => $"{Name}@{Version}";
}
