using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>A published Terraform module with a typed contract: the inputs it takes and the outputs it produces.</summary>
public sealed record ResourceTemplate(string Name, SemVersion Version)
{
    public string? Description { get; init; }

    public TemplateStatus Status { get; init; } = TemplateStatus.Active;

    /// <summary>The Terraform module folder, relative to the template file.</summary>
    public string Module { get; init; } = ".";

    public ImmutableArray<InputDefinition> Inputs { get; init; } = [];

    public ImmutableArray<OutputDefinition> Outputs { get; init; } = [];

    public CostEstimate? Cost { get; init; }

    public OperationTimeouts? Timeouts { get; init; }

    public DocumentSource Source { get; init; } = DocumentSource.None;

    /// <summary>
    /// The Terraform resource types the module (with its local submodules) declares, found when the catalog was
    /// loaded from files; null when unknown (not scanned, or the module calls a module from elsewhere). Lets a
    /// policy on resource types be decided without a plan when the module cannot create such a resource.
    /// </summary>
    public ImmutableArray<string>? ManagedResourceTypes { get; init; }

    public InputDefinition? FindInput(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    public OutputDefinition? FindOutput(string name) => Outputs.FirstOrDefault(o => o.Name == name);

    public override string ToString() => $"{Name}@{Version}";
}
