namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// The part of an exception message worth showing a user. Azure SDK messages carry the whole HTTP exchange
/// (<c>Content:</c>, <c>Headers:</c>, one line each) after the status and error code; those lines are noise in a
/// failure record and may name internal hosts.
/// </summary>
internal static class FailureText
{
    private const int MaxLength = 500;

    public static string Concise(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "No message.";
        }

        var lines = message.Split('\n', StringSplitOptions.TrimEntries)
            .TakeWhile(l => !l.StartsWith("Content:", StringComparison.Ordinal) && !l.StartsWith("Headers:", StringComparison.Ordinal))
            .Where(l => l.Length > 0);
        var text = string.Join("; ", lines);
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }
}
