using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>Terraform's classified failure as the lifecycle stores it: <c>Terraform.{Kind}</c>, already redacted.</summary>
internal static class StepFailures
{
    public static FailureDetails From(TerraformFailure failure) =>
        new($"Terraform.{failure.Kind}", failure.Message, failure.Detail, failure.IsTransient);
}
