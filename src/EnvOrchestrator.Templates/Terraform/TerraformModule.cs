using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Templates.Terraform;

/// <summary>A <c>variable</c> block as far as the catalog cares; <see cref="Type"/> is null when the block has no type.</summary>
internal sealed record TerraformVariable(string Name, ValueKind? Type, bool HasDefault, bool Sensitive, string? Description, string? DefaultText);

/// <param name="ValueText">The <c>value</c> expression as written, from which <see cref="OutputTypeInference"/> guesses a type.</param>
internal sealed record TerraformOutput(string Name, bool Sensitive, string? Description, string? ValueText = null);

/// <summary>
/// The interface of a Terraform module (its variables and outputs) and what it manages: the types of its
/// <c>resource</c> blocks and the <c>source</c> of each <c>module</c> call.
/// </summary>
internal sealed record TerraformModule(ImmutableArray<TerraformVariable> Variables, ImmutableArray<TerraformOutput> Outputs)
{
    public ImmutableArray<string> ResourceTypes { get; init; } = [];

    public ImmutableArray<string> ModuleSources { get; init; } = [];
}
