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
/// <param name="After">The values known at plan time; Terraform leaves out the ones only known after apply.</param>
public sealed record TerraformResourceChange(string Address, string Type, string Name, IReadOnlyList<string> Actions, JsonElement After)
{
    /// <summary>What a sensitive value of <see cref="After"/> is replaced by.</summary>
    public const string Redacted = "(sensitive)";

    /// <summary>
    /// Terraform's <c>after_unknown</c>: <c>true</c> where a value of <see cref="After"/> is only known after apply,
    /// in the same shape (undefined when the plan has none).
    /// </summary>
    public JsonElement AfterUnknown { get; init; }
}

public sealed record TerraformOutputChange(string Name, IReadOnlyList<string> Actions, bool IsSensitive);

/// <summary>Counts from Terraform's <c>change_summary</c>.</summary>
public sealed record TerraformChangeSummary(int Add, int Change, int Remove, int Import, string Operation);
