using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Policies;

/// <summary>Which projects and environment templates a policy applies to; entries are names or globs with <c>*</c>.</summary>
public sealed record PolicyScope(ImmutableArray<string> Projects, ImmutableArray<string> Templates)
{
    public static PolicyScope Everything { get; } = new(["*"], ["*"]);

    public bool AppliesTo(string project, string template) =>
        Projects.Any(p => GlobMatches(p, project)) && Templates.Any(t => GlobMatches(t, template));

    /// <summary>Matches <c>*</c> as any run of characters; everything else literally.</summary>
    public static bool GlobMatches(string pattern, string text)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return pattern == text;
        }

        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal)
            || text.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var position = parts[0].Length;
        var end = text.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = text.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0 || found + parts[i].Length > end)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return true;
    }
}
