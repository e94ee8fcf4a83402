using System.Globalization;
using System.Text.Json;
using EnvOrchestrator.Cli.Http;

namespace EnvOrchestrator.Cli.Rendering;

/// <summary>How values read in a terminal: durations like <c>3h 5m</c>, masked secrets, local times.</summary>
internal static class Display
{
    public const string Sensitive = "(sensitive)";
    public const string KnownAfterApply = "(known after apply)";

    public static string Duration(TimeSpan span)
    {
        var negative = span < TimeSpan.Zero;
        span = span.Duration();
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : $"{span.Seconds}s";
        return negative ? $"-{text}" : text;
    }

    public static string Expiry(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt switch
    {
        null => "never",
        { } at when at <= now => $"expired {Duration(now - at)} ago",
        { } at => $"in {Duration(at - now)}",
    };

    public static string Time(DateTimeOffset? at) =>
        at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A value as the API gives it: sensitive ones are null there and shown masked here.</summary>
    public static string Value(ValueModel value) =>
        value.Sensitive ? Sensitive : !value.Known ? KnownAfterApply : Json(value.Value);

    public static string Json(JsonElement? value) => value switch
    {
        null => "null",
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { } other => other.GetRawText(),
    };
}
