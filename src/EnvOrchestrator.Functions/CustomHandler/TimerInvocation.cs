using System.Text.Json;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>
/// Reads a timer-trigger invocation: <c>{"Data":{"&lt;binding&gt;":{"Schedule":{…},"ScheduleStatus":{"Last":…,
/// "Next":…,"LastUpdated":…},"IsPastDue":false}},"Metadata":{…}}</c>. The timer info may also arrive as JSON text
/// inside a string; <c>ScheduleStatus</c> is null without schedule monitoring.
/// </summary>
internal static class TimerInvocation
{
    /// <returns>Whether the invocation is for a missed occurrence, or null with <paramref name="error"/> naming what is wrong.</returns>
    public static bool? TryReadIsPastDue(JsonElement root, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object ||
            !TryGet(root, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            error = "Data must be an object holding the timer binding.";
            return null;
        }

        // One binding per timer trigger; its name is whatever function.json calls it.
        var binding = data.EnumerateObject().FirstOrDefault().Value;
        using var parsed = binding.ValueKind == JsonValueKind.String ? TryParse(binding.GetString()) : null;
        var timer = parsed?.RootElement ?? binding;
        if (timer.ValueKind != JsonValueKind.Object)
        {
            error = "Data must hold the timer info object (Schedule, ScheduleStatus, IsPastDue).";
            return null;
        }

        if (!TryGet(timer, "IsPastDue", out var pastDue))
        {
            return false;
        }

        if (pastDue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = "IsPastDue must be true or false.";
            return null;
        }

        return pastDue.GetBoolean();
    }

    private static JsonDocument? TryParse(string? text)
    {
        try
        {
            return string.IsNullOrEmpty(text) ? null : JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The host writes Pascal case; a hand-written or re-serialised payload may not, and the meaning is the same.
    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
