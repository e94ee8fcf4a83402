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
        refusal is null ? From(failure) : new(PolicyViolated, refusal, null, IsTransient: false);

    public static FailureDetails From(TerraformFailure failure) =>
        new($"Terraform.{failure.Kind}", failure.Message, failure.Detail, failure.IsTransient);
}
