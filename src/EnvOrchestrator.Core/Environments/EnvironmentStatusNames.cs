namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// Reads an <see cref="EnvironmentStatus"/> by name, also under names it had before, because stored records and
/// clients' status filters written before a rename must keep working.
/// </summary>
public static class EnvironmentStatusNames
{
    private static readonly Dictionary<string, EnvironmentStatus> Former = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Validating"] = EnvironmentStatus.Queued,
    };

    /// <summary>The current names, for messages that list what is accepted.</summary>
    public static IReadOnlyList<string> Current { get; } = Enum.GetNames<EnvironmentStatus>();

    /// <summary>Parses a current or former name (case-insensitive); numbers are refused.</summary>
    public static bool TryParse(string? text, out EnvironmentStatus status)
    {
        status = default;
        var name = text?.Trim();
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetter(name[0]) || name.Contains(','))
        {
            return false;
        }

        return Former.TryGetValue(name, out status) || (Enum.TryParse(name, ignoreCase: true, out status) && Enum.IsDefined(status));
    }

    /// <summary>Every name a record of <paramref name="status"/> may be stored under: the current one and former ones.</summary>
    public static IEnumerable<string> StoredNames(EnvironmentStatus status) =>
        Former.Where(f => f.Value == status).Select(f => f.Key).Prepend(status.ToString());
}
