using System.Text.Json;

namespace EnvOrchestrator.Terraform;

/// <summary>The saved plan as read by <c>terraform show -json</c>, with sensitive values replaced.</summary>
public sealed record TerraformPlan(
    IReadOnlyList<TerraformResourceChange> ResourceChanges,
    IReadOnlyList<TerraformOutputChange> OutputChanges)
{
    public bool HasChanges =>
        ResourceChanges.Any(c => !c.Actions.SequenceEqual(["no-op"]) && !c.Actions.SequenceEqual(["read"])) ||
        OutputChanges.Any(c => !c.Actions.SequenceEqual(["no-op"]));
}

/// <summary>One planned resource change; <see cref="After"/> has sensitive parts replaced by "(sensitive)".</summary>
public sealed record TerraformResourceChange(string Address, string Type, string Name, IReadOnlyList<string> Actions, JsonElement After);

public sealed record TerraformOutputChange(string Name, IReadOnlyList<string> Actions, bool IsSensitive);

/// <summary>Counts from Terraform's <c>change_summary</c>.</summary>
public sealed record TerraformChangeSummary(int Add, int Change, int Remove, int Import, string Operation);
