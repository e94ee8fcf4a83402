using EnvOrchestrator.Terraform.Execution;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform;

/// <summary>
/// Decides the <see cref="TerraformFailureKind"/> of a failed command from how it ended, its exit code and its error
/// diagnostics (the <c>-json</c> stream) or stderr text (commands without a JSON UI).
/// </summary>
internal static class FailureClassifier
{
    private static readonly string[] ProviderMarkers =
    [
        "Failed to query available provider packages", "Failed to install provider", "Failed to load plugin schemas",
        "Missing required provider", "Inconsistent dependency lock file", "Could not load plugin",
        "Incompatible provider version", "Failed to resolve provider packages", "provider registry",
    ];

    private static readonly string[] InputMarkers =
    [
        "No value for required variable", "Invalid value for input variable", "Invalid value for variable",
        "Failed to read variables file", "Invalid variables file", "Variables not allowed", "Invalid default value for variable",
    ];

    private static readonly string[] BackendMarkers =
    [
        "Error loading state", "Failed to save state", "Failed to persist state", "Error releasing the state lock",
        "Failed to get existing workspaces", "Error refreshing state", "HTTP remote state", "Failed to load state",
        "Error acquiring the state lock", "Error inspecting states", "Failed to read state",
    ];

    public static TerraformFailure Classify(
        string command, CommandOutcome outcome, IReadOnlyList<DiagnosticEvent> errors, bool resourceErrored, SecretRedactor redactor)
    {
        var detail = errors.Count > 0
            ? string.Join("\n\n", errors.Select(d => d.Detail.Length > 0 ? d.Summary + ": " + d.Detail : d.Summary))
            : Tail(redactor.Redact(outcome.StandardError.Trim()));
        var text = string.Join("\n", errors.Select(d => d.Summary + "\n" + d.Detail)) + "\n" + outcome.StandardError;
        var firstSummary = errors.Count > 0 ? errors[0].Summary : null;

        TerraformFailure Make(TerraformFailureKind kind, string message, bool transient) =>
            new(kind, message, string.IsNullOrWhiteSpace(detail) ? null : detail, command,
                outcome.End == CommandEnd.StartFailed ? null : outcome.ExitCode, transient,
                StateMayBeLocked: outcome.ForcedKill || kind == TerraformFailureKind.Killed);

        switch (outcome.End)
        {
            case CommandEnd.Cancelled:
                return Make(TerraformFailureKind.Cancelled, outcome.ForcedKill
                    ? $"terraform {command} was cancelled and killed after its grace period"
                    : $"terraform {command} was cancelled and stopped gracefully", transient: false);
            case CommandEnd.TimedOut:
                return Make(TerraformFailureKind.TimedOut, outcome.ForcedKill
                    ? $"terraform {command} timed out and was killed after its grace period"
                    : $"terraform {command} timed out and stopped gracefully", transient: true);
            case CommandEnd.StartFailed:
                return Make(TerraformFailureKind.Unexpected, $"terraform {command} could not be started", transient: false);
        }

        if (Contains(text, "Error acquiring the state lock") && (Contains(text, "already locked") || Contains(text, "Lock Info")))
        {
            return Make(TerraformFailureKind.StateLocked, "The state is locked by another run", transient: true);
        }

        if (ProviderMarkers.Any(m => Contains(text, m)))
        {
            return Make(TerraformFailureKind.ProviderUnavailable, firstSummary ?? "A provider is not available", transient: false);
        }

        if (InputMarkers.Any(m => Contains(text, m)))
        {
            return Make(TerraformFailureKind.InvalidInput, firstSummary ?? "An input is missing or invalid", transient: false);
        }

        if (BackendMarkers.Any(m => Contains(text, m)))
        {
            return Make(TerraformFailureKind.BackendError, firstSummary ?? "The state backend failed", transient: true);
        }

        if (resourceErrored || errors.Any(d => d.Address is not null) || Contains(text, "provisioner error"))
        {
            return Make(TerraformFailureKind.ResourceError, firstSummary ?? "A resource failed", transient: false);
        }

        // 128 + signal number: the process died from a signal nobody in the runner sent.
        if (outcome.ExitCode > 128 || Contains(outcome.StandardError, "panic:") || Contains(outcome.StandardError, "Terraform crashed"))
        {
            return Make(TerraformFailureKind.Killed, $"terraform {command} was killed or crashed (exit code {outcome.ExitCode})", transient: true);
        }

        if (errors.Count > 0)
        {
            return Make(TerraformFailureKind.InvalidConfiguration, firstSummary!, transient: false);
        }

        return Make(TerraformFailureKind.Unexpected, $"terraform {command} failed with exit code {outcome.ExitCode}", transient: false);
    }

    private static bool Contains(string text, string marker) => text.Contains(marker, StringComparison.OrdinalIgnoreCase);

    private static string Tail(string text) => text.Length <= 4096 ? text : text[^4096..];
}
