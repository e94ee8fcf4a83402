using System.Text.Json;
using DurableTask.Core;
using Microsoft.DurableTask;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// The failure of a failed instance as the SDK shows it. The Azure Storage provider (2.11) never fills
/// <see cref="OrchestrationState.FailureDetails"/>: its instances table keeps only <c>FailureDetails.ToString()</c>,
/// i.e. <c>"{ErrorType}: {ErrorMessage}"</c>, as the instance's output. The whole failure (stack trace, inner
/// failure) is in the history, on the ExecutionCompleted event.
/// </summary>
internal static class FailureReader
{
    private const int ExecutionCompleted = 1;
    private const string UnknownType = "Unknown";

    /// <summary>The failure from the instance row alone: error type and message, without stack trace or inner failure.</summary>
    public static TaskFailureDetails Read(OrchestrationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FailureDetails is { } details)
        {
            return Convert(details);
        }

        return FromText(state.Output);
    }

    /// <summary>Reads <c>"{ErrorType}: {ErrorMessage}"</c>; a text of another shape is all message.</summary>
    public static TaskFailureDetails FromText(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return new TaskFailureDetails(UnknownType, "The orchestration failed without a message.", null, null, null);
        }

        var colon = output.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && IsTypeName(output.AsSpan(0, colon)))
        {
            return new TaskFailureDetails(output[..colon], output[(colon + 2)..], null, null, null);
        }

        return new TaskFailureDetails(UnknownType, output, null, null, null);
    }

    /// <summary>
    /// The failure of the last ExecutionCompleted event in a history as the provider serialises it (a JSON array of
    /// DTFx history events), or null when there is none with failure details.
    /// </summary>
    public static TaskFailureDetails? FromHistory(string? historyJson)
    {
        if (string.IsNullOrWhiteSpace(historyJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(historyJson);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            TaskFailureDetails? failure = null;
            foreach (var historyEvent in document.RootElement.EnumerateArray())
            {
                if (historyEvent.ValueKind == JsonValueKind.Object
                    && historyEvent.TryGetProperty("EventType", out var type) && type.ValueKind == JsonValueKind.Number && type.GetInt32() == ExecutionCompleted
                    && historyEvent.TryGetProperty("FailureDetails", out var details) && details.ValueKind == JsonValueKind.Object)
                {
                    failure = FromJson(details);
                }
            }

            return failure;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TaskFailureDetails FromJson(JsonElement details) => new(
        Text(details, "ErrorType") ?? UnknownType,
        Text(details, "ErrorMessage") ?? string.Empty,
        Text(details, "StackTrace"),
        details.TryGetProperty("InnerFailure", out var inner) && inner.ValueKind == JsonValueKind.Object ? FromJson(inner) : null,
        details.TryGetProperty("Properties", out var properties) && properties.ValueKind == JsonValueKind.Object ? Properties(properties) : null);

    private static Dictionary<string, object?> Properties(JsonElement properties)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in properties.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number when property.Value.TryGetInt64(out var whole) => whole,
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => property.Value.GetRawText(),
            };
        }

        return result;
    }

    private static TaskFailureDetails Convert(FailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is { } inner ? Convert(inner) : null, details.Properties);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A .NET type's full name: dotted identifiers, maybe nested (+) or generic (`1), no spaces.</summary>
    private static bool IsTypeName(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c is '.' or '_' or '+' or '`'))
            {
                return false;
            }
        }

        return char.IsLetter(text[0]) || text[0] == '_';
    }
}
