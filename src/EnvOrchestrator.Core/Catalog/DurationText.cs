using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>Durations as written in templates: <c>30m</c>, <c>8h</c>, <c>2d</c>, <c>1h30m</c>, <c>45s</c>.</summary>
public static class DurationText
{
    /// <summary>The longest duration written anywhere (about 273 years); longer ones are refused rather than overflowing.</summary>
    public static readonly TimeSpan MaxValue = TimeSpan.FromDays(100_000);

    public static bool TryParse(string? text, [NotNullWhen(true)] out TimeSpan? duration) => TryParse(text, out duration, out _);

    /// <param name="tooLong">True when <paramref name="text"/> is well-formed but longer than <see cref="MaxValue"/>.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TimeSpan? duration, out bool tooLong)
    {
        duration = null;
        tooLong = false;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        // Summed in seconds and stopped past MaxValue, so no text overflows.
        var seconds = 0L;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000)
            {
                return false;
            }

            long? unit = text[i++] switch
            {
                'd' => 86_400,
                'h' => 3_600,
                'm' => 60,
                's' => 1,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            if (!tooLong)
            {
                seconds += n * unit.Value;
                tooLong = seconds > (long)MaxValue.TotalSeconds;
            }
        }

        if (tooLong)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add(duration.Days.ToString(CultureInfo.InvariantCulture) + "d");
        }

        if (duration.Hours > 0)
        {
            parts.Add(duration.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (duration.Minutes > 0)
        {
            parts.Add(duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (duration.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(duration.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }

        return string.Concat(parts);
    }
}
