using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The id of a run: its creation time in UTC to the tick and 8 random hex digits, e.g.
/// <c>20261124T0450121234567Z-1a2b3c4d</c>. Ids sort by creation time as text, and stores can order runs
/// newest-first from the id alone (no second index needed).
/// </summary>
public sealed record RunId
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmssfffffff'Z'";
    private const int TimeLength = 23;
    private const int SuffixLength = 8;
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private RunId(string value, DateTimeOffset createdAt)
    {
        Value = value;
        CreatedAt = createdAt;
    }

    public string Value { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>A new id for a run created at <paramref name="createdAt"/>.</summary>
    public static RunId New(DateTimeOffset createdAt) =>
        New(createdAt, Guid.NewGuid().ToString("N")[..SuffixLength]);

    /// <summary>An id with a chosen suffix (8 lower-case hex digits), for deterministic tests and replays.</summary>
    public static RunId New(DateTimeOffset createdAt, string suffix)
    {
        var text = createdAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "-" + suffix;
        return TryParse(text, out var id) ? id : throw new ArgumentException("The suffix must be 8 lower-case hex digits.", nameof(suffix));
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out RunId? id)
    {
        id = null;
        if (text is null || text.Length != TimeLength + 1 + SuffixLength || text[TimeLength] != '-'
            || text.AsSpan(TimeLength + 1).ContainsAnyExcept(LowerHex)
            || !DateTime.TryParseExact(text.AsSpan(0, TimeLength), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        id = new RunId(text, new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)));
        return true;
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not a run id.</exception>
    public static RunId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("Not a run id: " + text);

    /// <summary>The random part, which tells apart runs created in the same tick.</summary>
    public string Suffix => Value[(TimeLength + 1)..];

    public override string ToString() => Value;
}
