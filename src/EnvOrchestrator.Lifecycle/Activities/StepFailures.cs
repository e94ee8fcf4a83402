using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// A step's classified failure as the lifecycle stores it: Terraform's as <c>Terraform.{Kind}</c> (already redacted), a
/// plan refused by policy as <see cref="PolicyViolated"/>.
/// </summary>
internal static class StepFailures
{
    /// <summary>The error type of a plan a mandatory policy refused; nothing was applied.</summary>
    public const string PolicyViolated = "Policy.Violated";

    /// <summary>A plan refused by policy: the refusal names the policies, addresses and what they lack.</summary>
    public static FailureDetails PolicyRefused(string? refusal, TerraformFailure failure) =>
        PolicyViolation(refusal) ?? From(failure);

    /// <summary>The failure of a plan the mandatory results refused (see <c>PlanRules.Refusal</c>), or null when none did.</summary>
    public static FailureDetails? PolicyViolation(string? refusal) =>
        refusal is null ? null : new(PolicyViolated, refusal, null, IsTransient: false);

    public static FailureDetails From(TerraformFailure failure) =>
        new($"Terraform.{failure.Kind}", failure.Message, failure.Detail, failure.IsTransient);

    /// <summary>True for Terraform stopped by a cancel (<see cref="TerraformFailureKind.Cancelled"/>), not a failure of the step.</summary>
    public static bool IsCancellation(FailureDetails? failure) => failure?.ErrorType == $"Terraform.{TerraformFailureKind.Cancelled}";
}
