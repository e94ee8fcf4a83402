using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Core.TerraformState;

/// <summary>
/// Where one Terraform state lives: <c>{Workspace}/{StateName}</c>, served at <c>{prefix}/{Workspace}/{StateName}</c>.
/// The lifecycle uses one workspace per project and one state per environment and resource.
/// </summary>
public readonly record struct TerraformStateAddress
{
    private TerraformStateAddress(string workspace, string stateName)
    {
        Workspace = workspace;
        StateName = stateName;
    }

    public string Workspace { get; }

    public string StateName { get; }

    /// <summary>Both parts: 1–63 characters of <c>a-z 0-9 - _ .</c>, starting with a letter or digit.</summary>
    /// <exception cref="ArgumentException">A part is not a valid name.</exception>
    public static TerraformStateAddress Create(string workspace, string stateName) =>
        TryCreate(workspace, stateName, out var address)
            ? address
            : throw new ArgumentException($"'{workspace}/{stateName}' is not a valid state address: use 1-63 characters of a-z, 0-9, '-', '_' or '.', starting with a letter or digit.");

    public static bool TryCreate(string? workspace, string? stateName, out TerraformStateAddress address)
    {
        address = default;
        if (!IsValidPart(workspace) || !IsValidPart(stateName))
        {
            return false;
        }

        address = new TerraformStateAddress(workspace, stateName);
        return true;
    }

    public override string ToString() => Workspace + "/" + StateName;

    // Blob names and URL paths are built from the parts, so only a safe alphabet is accepted.
    private static bool IsValidPart([NotNullWhen(true)] string? part) =>
        part is { Length: > 0 and <= 63 } &&
        char.IsAsciiLetterLower(part[0]) | char.IsAsciiDigit(part[0]) &&
        part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');
}
