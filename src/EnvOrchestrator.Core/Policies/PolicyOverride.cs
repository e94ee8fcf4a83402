namespace EnvOrchestrator.Core.Policies;

/// <summary>
/// A platform admin's decision that a run goes ahead whatever the policies say: mandatory violations are recorded
/// instead of refusing, and nothing waits for an approver. Kept on the run with who and why.
/// </summary>
public sealed record PolicyOverride(string By, string Reason, DateTimeOffset At)
{
    public const int MaxReasonLength = 1000;

    /// <summary>Why <paramref name="reason"/> cannot justify an override, or null when it can.</summary>
    public static string? Validate(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "An override needs a reason."
        : reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t')) ? $"An override's reason is at most {MaxReasonLength} characters, without control characters."
        : null;
}
