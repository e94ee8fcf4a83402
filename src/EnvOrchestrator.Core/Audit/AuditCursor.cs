using System.Globalization;

namespace EnvOrchestrator.Core.Audit;

/// <summary>
/// The position of an entry in its project's log: its time in UTC ticks and a random tie-breaker, so entries of the
/// same instant keep distinct, stable positions. Its text form is the continuation token clients pass back.
/// </summary>
public sealed record AuditCursor(long Ticks, string Tiebreaker)
{
    private const int TicksDigits = 19;
    private const int TiebreakerLength = 32;

    /// <summary>A new position for an entry written at <paramref name="at"/>.</summary>
    public static AuditCursor For(DateTimeOffset at) => new(at.UtcTicks, Guid.NewGuid().ToString("N"));

    /// <summary>The smallest position at <paramref name="at"/> (range bounds).</summary>
    public static AuditCursor Start(DateTimeOffset at) => new(at.UtcTicks, string.Empty);

    /// <summary>Reads a token made by <see cref="ToString"/>; null for anything else (a client's made-up token).</summary>
    public static AuditCursor? Parse(string? text)
    {
        if (text is not { Length: TicksDigits + 1 + TiebreakerLength } || text[TicksDigits] != '-'
            || !long.TryParse(text.AsSpan(0, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return null;
        }

        var tiebreaker = text[(TicksDigits + 1)..];
        return tiebreaker.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? new AuditCursor(ticks, tiebreaker) : null;
    }

    /// <summary>Fixed width, so the text sorts as the position does (it is also the table's row key).</summary>
    public override string ToString() => Ticks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Tiebreaker;
}
