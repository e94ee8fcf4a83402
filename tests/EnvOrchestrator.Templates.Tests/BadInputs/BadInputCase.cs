using System.Collections.Immutable;
using System.Globalization;

namespace EnvOrchestrator.Templates.Tests.BadInputs;

/// <summary>An error a bad-input file expects, read from a header line <c># expect: PATH @ LINE RULE</c> (PATH <c>-</c> = document root).</summary>
public sealed record ExpectedError(string Path, int Line, string RuleId)
{
    public override string ToString() => $"{(Path.Length == 0 ? "-" : Path)} @ {Line} {RuleId}";
}

/// <summary>One file of the bad-input corpus with the errors it must produce, no more and no fewer.</summary>
public sealed record BadInputCase(string FileName, string Content, ImmutableArray<ExpectedError> Expected)
{
    private const string Marker = "# expect: ";

    public static BadInputCase Read(string path)
    {
        var content = File.ReadAllText(path);
        var expected = content.Split('\n')
            .Where(l => l.StartsWith(Marker, StringComparison.Ordinal))
            .Select(l => Parse(l[Marker.Length..].Trim()))
            .ToImmutableArray();
        return new BadInputCase(Path.GetFileName(path), content, expected);
    }

    private static ExpectedError Parse(string text)
    {
        var at = text.LastIndexOf(" @ ", StringComparison.Ordinal);
        var path = text[..at].Trim();
        var rest = text[(at + 3)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new ExpectedError(path == "-" ? string.Empty : path, int.Parse(rest[0], CultureInfo.InvariantCulture), rest[1]);
    }
}
