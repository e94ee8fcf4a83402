namespace EnvOrchestrator.Terraform;

/// <summary>One run of one module against one state address.</summary>
/// <param name="ModuleDirectory">The module (resource template); copied into a fresh directory for the run.</param>
/// <param name="Backend">The state address and its per-run credentials.</param>
public sealed record TerraformRunRequest(string ModuleDirectory, TerraformHttpBackend Backend)
{
    /// <summary>Identifies the run in logs and names its directory; letters, digits, '-' and '_' are kept.</summary>
    public string? RunId { get; init; }

    /// <summary>Input variables, written to <c>inputs.tfvars.json</c>; persist them from the result to destroy later.</summary>
    public IReadOnlyDictionary<string, TerraformValue> Inputs { get; init; } = new Dictionary<string, TerraformValue>();

    /// <summary>
    /// Extra environment for providers (e.g. ARM_* credentials). Values are never logged; they cannot override the
    /// runner's own TF_* settings.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Per-template limit of one command; <see cref="TerraformRunnerOptions.CommandTimeout"/> when null.</summary>
    public TimeSpan? CommandTimeout { get; init; }

    /// <summary>Per-template time between interrupt and kill; <see cref="TerraformRunnerOptions.GracePeriod"/> when null.</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>
    /// Plan only: false plans without taking the state lock (<c>-lock=false</c>). For a what-if that writes nothing: a
    /// process killed mid-plan then leaves no lock behind, and the plan does not hold up an apply of the same state.
    /// Apply and destroy always lock.
    /// </summary>
    public bool LockState { get; init; } = true;

    /// <summary><see cref="TerraformRunnerOptions.LockTimeout"/> when null.</summary>
    public TimeSpan? LockTimeout { get; init; }

    /// <summary>
    /// Apply only: decides on the saved plan before it is applied (plan-level policies). Returning false ends the run
    /// with <see cref="TerraformFailureKind.PlanRejected"/>. Without it, the plan is inspected while apply starts.
    /// </summary>
    public Func<TerraformPlan, CancellationToken, ValueTask<bool>>? ApprovePlan { get; init; }

    /// <summary>
    /// Apply without <see cref="ApprovePlan"/>: true (the default) saves the plan and reads it with <c>show -json</c>
    /// beside the apply, so the result carries <see cref="TerraformRunResult.Plan"/> and values of variables the module
    /// declares sensitive are redacted too. False runs one <c>apply -auto-approve</c> — one process instead of three,
    /// no plan in the result — and redacts only inputs passed as sensitive and sensitive outputs, so pass every
    /// input the module declares sensitive as sensitive.
    /// </summary>
    public bool InspectPlan { get; init; } = true;
}
