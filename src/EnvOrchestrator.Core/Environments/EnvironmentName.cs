using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The name of an environment, unique within its project: 2–40 lower-case letters, digits and '-', starting with a
/// letter, not ending with '-'. It is used verbatim in Terraform state addresses, resource names, storage keys and
/// URLs, so nothing that would need escaping in any of them is allowed.
/// </summary>
public sealed record EnvironmentName
{
    private EnvironmentName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Why <paramref name="text"/> is not a valid environment name, or null when it is.</summary>
    public static string? Validate(string? text) => DnsLabel.Problem(text, "environment");

    public static bool TryParse(string? text, [NotNullWhen(true)] out EnvironmentName? name)
    {
        name = Validate(text) is null ? new EnvironmentName(text!) : null;
        return name is not null;
    }

    /// <exception cref="ArgumentException"><paramref name="text"/> breaks the naming rule.</exception>
    public static EnvironmentName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new ArgumentException(Validate(text), nameof(text));

    public override string ToString() => Value;
}
