using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>What a custom handler answers: the Functions host reads these exact (Pascal-case) names.</summary>
internal sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

/// <summary>
/// Reads a queue-trigger invocation: <c>{"Data":{"&lt;binding&gt;":"&lt;message text&gt;"},"Metadata":{"Id":…,
/// "PopReceipt":…,"DequeueCount":…,"InsertionTime":…}}</c>. Metadata values arrive as JSON numbers or strings
/// depending on the host version, so both are accepted.
/// </summary>
internal static class QueueInvocation
{
    /// <returns>The message, or null with <paramref name="error"/> naming what is wrong.</returns>
    public static DeliveredMessage? TryRead(JsonElement root, string queue, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object ||
            !TryGet(root, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            error = "Data must be an object holding the trigger binding.";
            return null;
        }

        // One binding per queue trigger; its name is whatever function.json calls it.
        var binding = data.EnumerateObject().FirstOrDefault();
        var text = binding.Value.ValueKind switch
        {
            JsonValueKind.String => binding.Value.GetString(),
            JsonValueKind.Object or JsonValueKind.Array => binding.Value.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrEmpty(text))
        {
            error = "Data must hold the queue message text.";
            return null;
        }

        if (!TryGet(root, "Metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object ||
            Text(metadata, "Id") is not { Length: > 0 } id || Text(metadata, "PopReceipt") is not { Length: > 0 } popReceipt)
        {
            error = "Metadata must hold the message Id and PopReceipt.";
            return null;
        }

        var dequeueCount = long.TryParse(Text(metadata, "DequeueCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 1;
        var insertedOn = DateTimeOffset.TryParse(Text(metadata, "InsertionTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var inserted)
            ? inserted
            : (DateTimeOffset?)null;
        return new DeliveredMessage(queue, id, popReceipt, text, dequeueCount, insertedOn);
    }

    // The host writes Pascal case; a hand-written or re-serialised payload may not, and the meaning is the same.
    internal static bool TryGet(JsonElement element, string name, out JsonElement value)
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

    private static string? Text(JsonElement metadata, string name) =>
        TryGet(metadata, name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
