using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>A semantic version <c>MAJOR.MINOR.PATCH[-PRERELEASE]</c>; build metadata is not supported because it does not order.</summary>
public readonly record struct SemVersion(int Major, int Minor, int Patch, string Prerelease = "") : IComparable<SemVersion>
{
    public bool IsPrerelease => Prerelease.Length > 0;

    public static bool TryParse(string? text, [NotNullWhen(true)] out SemVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var core = dash < 0 ? text : text[..dash];
        var pre = dash < 0 ? string.Empty : text[(dash + 1)..];
        var parts = core.Split('.');
        if (parts.Length != 3 || (dash >= 0 && !IsValidPrerelease(pre)))
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
        {
            if (!IsNumericIdentifier(parts[i]) || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new SemVersion(numbers[0], numbers[1], numbers[2], pre);
        return true;
    }

    public int CompareTo(SemVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        return c != 0 ? c : ComparePrerelease(Prerelease, other.Prerelease);
    }

    public static bool operator <(SemVersion left, SemVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemVersion left, SemVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemVersion left, SemVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemVersion left, SemVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}") + (IsPrerelease ? "-" + Prerelease : string.Empty);

    private static bool IsNumericIdentifier(string s) =>
        s.Length > 0 && s.All(char.IsAsciiDigit) && (s.Length == 1 || s[0] != '0');

    private static bool IsValidPrerelease(string pre) =>
        pre.Split('.').All(id => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    // SemVer 2.0 §11: a release sorts after its prereleases; identifiers compare numerically when numeric.
    private static int ComparePrerelease(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return (a.Length == 0, b.Length == 0) switch { (true, true) => 0, (true, false) => 1, _ => -1 };
        }

        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xn = int.TryParse(x[i], NumberStyles.None, CultureInfo.InvariantCulture, out var xi);
            var yn = int.TryParse(y[i], NumberStyles.None, CultureInfo.InvariantCulture, out var yi);
            var c = (xn, yn) switch
            {
                (true, true) => xi.CompareTo(yi),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x[i], y[i]),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return x.Length.CompareTo(y.Length);
    }
}
