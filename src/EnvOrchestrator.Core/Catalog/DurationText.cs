using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>Durations as written in templates: <c>30m</c>, <c>8h</c>, <c>2d</c>, <c>1h30m</c>, <c>45s</c>.</summary>
public static class DurationText
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var total = TimeSpan.Zero;
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

            TimeSpan? part = text[i++] switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                _ => null,
            };
            if (part is null)
            {
                return false;
            }

            total += part.Value;
        }

        duration = total;
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
