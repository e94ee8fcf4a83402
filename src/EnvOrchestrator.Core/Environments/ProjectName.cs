using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The name of a project: 2–40 lower-case letters, digits and '-', starting with a letter, not ending with '-'
/// (see <see cref="EnvironmentName"/> for why the rule is DNS-label-like).
/// </summary>
public sealed record ProjectName
{
    private ProjectName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Why <paramref name="text"/> is not a valid project name, or null when it is.</summary>
    public static string? Validate(string? text) => DnsLabel.Problem(text, "project");

    public static bool TryParse(string? text, [NotNullWhen(true)] out ProjectName? name)
    {
        name = Validate(text) is null ? new ProjectName(text!) : null;
        return name is not null;
    }

    /// <exception cref="ArgumentException"><paramref name="text"/> breaks the naming rule.</exception>
    public static ProjectName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new ArgumentException(Validate(text), nameof(text));

    public override string ToString() => Value;
}
