using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>A reference from an environment template to a resource template: <c>name@range</c>, e.g. <c>redis-cache@^1.2</c>.</summary>
public sealed record TemplateReference(string Name, VersionRange Range)
{
    /// <summary>Parses <c>name@range</c>; a reference without <c>@</c> means any version (<c>*</c>).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TemplateReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? text : text[..at];
        if (name.Length == 0)
        {
            return false;
        }

        if (at < 0)
        {
            reference = new TemplateReference(name, VersionRange.Any);
            return true;
        }

        if (!VersionRange.TryParse(text[(at + 1)..], out var range))
        {
            return false;
        }

        reference = new TemplateReference(name, range);
        return true;
    }

    public override string ToString() => $"{Name}@{Range}";
}
