using EnvOrchestrator.Terraform.Execution;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Tests.Unit;

public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData("Error acquiring the state lock", "Error message: HTTP remote state already locked: ID=abc\nLock Info:\n  ID: abc", TerraformFailureKind.StateLocked)]
    [InlineData("Error acquiring the state lock", "Error message: HTTP remote state endpoint requires auth", TerraformFailureKind.BackendError)]
    [InlineData("Failed to query available provider packages", "Could not retrieve the list of available versions for provider hashicorp/azurerm", TerraformFailureKind.ProviderUnavailable)]
    [InlineData("No value for required variable", "The root module input variable \"x\" is not set", TerraformFailureKind.InvalidInput)]
    [InlineData("Unsupported argument", "An argument named \"foo\" is not expected here.", TerraformFailureKind.InvalidConfiguration)]
    public void Classify_ErrorDiagnostic_ExpectedKind(string summary, string detail, TerraformFailureKind expected)
    {
        var outcome = new CommandOutcome(CommandEnd.Exited, 1, 100, false, string.Empty, TimeSpan.FromSeconds(1));

        var failure = FailureClassifier.Classify("plan", outcome, [new DiagnosticEvent("error", summary, detail, null)], resourceErrored: false, new SecretRedactor());

        Assert.Equal(expected, failure.Kind);
        Assert.Contains(summary, failure.Detail, StringComparison.Ordinal);
        Assert.Equal(1, failure.ExitCode);
    }

    [Fact]
    public void Classify_ForcedKillAfterCancel_CancelledAndStateMayBeLocked()
    {
        var outcome = new CommandOutcome(CommandEnd.Cancelled, 137, 100, ForcedKill: true, string.Empty, TimeSpan.FromSeconds(5));

        var failure = FailureClassifier.Classify("apply", outcome, [], resourceErrored: false, new SecretRedactor());

        Assert.Equal(TerraformFailureKind.Cancelled, failure.Kind);
        Assert.True(failure.StateMayBeLocked);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public void Classify_NonZeroExitWithoutDiagnostics_Unexpected()
    {
        var outcome = new CommandOutcome(CommandEnd.Exited, 2, 100, false, "something odd", TimeSpan.FromSeconds(1));

        var failure = FailureClassifier.Classify("output", outcome, [], resourceErrored: false, new SecretRedactor());

        Assert.Equal(TerraformFailureKind.Unexpected, failure.Kind);
        Assert.Equal("something odd", failure.Detail);
    }
}
