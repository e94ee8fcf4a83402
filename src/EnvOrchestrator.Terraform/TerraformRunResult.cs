namespace EnvOrchestrator.Terraform;

/// <summary>
/// What a run did. Persist <see cref="Inputs"/> (they are needed again for destroy) and <see cref="Outputs"/>;
/// both carry their sensitive flags.
/// </summary>
public sealed record TerraformRunResult(
    TerraformOperation Operation,
    TerraformFailure? Failure,
    IReadOnlyDictionary<string, TerraformValue> Inputs,
    IReadOnlyDictionary<string, TerraformValue> Outputs,
    TerraformPlan? Plan,
    TerraformChangeSummary? Changes,
    IReadOnlyList<TerraformCommandRecord> Commands,
    TimeSpan Elapsed)
{
    public bool Succeeded => Failure is null;
}

/// <summary>One Terraform process of a run.</summary>
public sealed record TerraformCommandRecord(string Command, int ExitCode, TimeSpan Elapsed);
