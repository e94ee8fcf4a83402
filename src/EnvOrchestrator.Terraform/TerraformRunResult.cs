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

    /// <summary>
    /// Terraform could not save the state to the backend and left it in the run directory (<c>errored.tfstate</c>),
    /// which is kept — without inputs — instead of deleted; <see cref="Failure"/> then says the lock may be held too.
    /// Before the next run of this state: release its lock server-side, then <see cref="ITerraformRunner.ReclaimAsync"/>
    /// pushes that state.
    /// </summary>
    public bool UnsavedState { get; init; }
}

/// <summary>One Terraform process of a run.</summary>
public sealed record TerraformCommandRecord(string Command, int ExitCode, TimeSpan Elapsed);
