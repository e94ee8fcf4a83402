using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>
/// A version requirement: an exact version (<c>1.2.0</c>), a caret (<c>^1.2</c>), a tilde (<c>~1.2.0</c>),
/// a wildcard (<c>1.x</c>, <c>*</c>) or comparators joined by spaces (<c>&gt;=1.2.0 &lt;2.0.0</c>).
/// Ranges never match prereleases; only an exact reference can name one.
/// </summary>
public sealed record VersionRange
{
    private VersionRange(string text, SemVersion? exact, ImmutableArray<(string Op, SemVersion Version)> comparators)
    {
        Text = text;
        Exact = exact;
        Comparators = comparators;
    }

    public string Text { get; }

    /// <summary>The version when the range is an exact reference, otherwise null.</summary>
    public SemVersion? Exact { get; }

    public bool IsExact => Exact is not null;

    private ImmutableArray<(string Op, SemVersion Version)> Comparators { get; }

    public static VersionRange Any { get; } = new("*", null, []);

    public static VersionRange ForExact(SemVersion version) => new(version.ToString(), version, []);

    public static bool TryParse(string? text, [NotNullWhen(true)] out VersionRange? range)
    {
        range = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (SemVersion.TryParse(text, out var exact))
        {
            range = ForExact(exact.Value);
            return true;
        }

        var comparators = ImmutableArray.CreateBuilder<(string, SemVersion)>();
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParseToken(token, comparators))
            {
                return false;
            }
        }

        range = new VersionRange(text, null, comparators.ToImmutable());
        return true;
    }

    public bool Matches(SemVersion version)
    {
        if (Exact is { } exact)
        {
            return exact == version;
        }

        return !version.IsPrerelease && Comparators.All(c => c.Op switch
        {
            ">=" => version >= c.Version,
            ">" => version > c.Version,
            "<=" => version <= c.Version,
            "<" => version < c.Version,
            _ => version == c.Version,
        });
    }

    public override string ToString() => Text;

    private static bool TryParseToken(string token, ImmutableArray<(string, SemVersion)>.Builder comparators)
    {
        if (token is "*" or "x" or "X")
        {
            return true;
        }

        if (token[0] is '^' or '~')
        {
            if (!TryParsePartial(token[1..], out var v, out var parts) || parts == 0)
            {
                return false;
            }

            comparators.Add((">=", v));
            comparators.Add(("<", token[0] == '^' ? CaretUpper(v, parts) : TildeUpper(v, parts)));
            return true;
        }

        foreach (var op in new[] { ">=", "<=", ">", "<", "=" })
        {
            if (token.StartsWith(op, StringComparison.Ordinal))
            {
                if (!SemVersion.TryParse(token[op.Length..], out var v))
                {
                    return false;
                }

                comparators.Add((op, v.Value));
                return true;
            }
        }

        // A partial version is a wildcard: 1 and 1.x mean >=1.0.0 <2.0.0; 1.2 and 1.2.x mean >=1.2.0 <1.3.0.
        if (!TryParsePartial(token, out var low, out var count) || count == 3 || count == 0)
        {
            return false;
        }

        comparators.Add((">=", low));
        comparators.Add(("<", count == 1 ? new SemVersion(low.Major + 1, 0, 0) : new SemVersion(low.Major, low.Minor + 1, 0)));
        return true;
    }

    private static SemVersion CaretUpper(SemVersion v, int parts) =>
        v.Major > 0 || parts == 1 ? new SemVersion(v.Major + 1, 0, 0)
        : v.Minor > 0 || parts == 2 ? new SemVersion(0, v.Minor + 1, 0)
        : new SemVersion(0, 0, v.Patch + 1);

    private static SemVersion TildeUpper(SemVersion v, int parts) =>
        parts == 1 ? new SemVersion(v.Major + 1, 0, 0) : new SemVersion(v.Major, v.Minor + 1, 0);

    // Parses "1", "1.2", "1.2.3", with "x"/"*" standing for a missing part; returns how many parts were numbers.
    private static bool TryParsePartial(string text, out SemVersion version, out int numericParts)
    {
        version = default;
        numericParts = 0;
        var parts = text.Split('.');
        if (parts.Length is 0 or > 3)
        {
            return false;
        }

        var numbers = new int[3];
        var wildcardSeen = false;
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is "x" or "X" or "*")
            {
                wildcardSeen = true;
                continue;
            }

            if (wildcardSeen || parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit) || !int.TryParse(parts[i], System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }

            numericParts++;
        }

        version = new SemVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }
}
