using System.Text.Json;
using DurableTask.Core;
using Microsoft.DurableTask;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// The failure of a failed instance as the SDK shows it. The Azure Storage provider keeps it as text in the
/// instance's output rather than as failure details, so the client would otherwise see none.
/// </summary>
internal static class FailureReader
{
    public static TaskFailureDetails Read(OrchestrationState state)
    {
        if (state.FailureDetails is { } details)
        {
            return Convert(details);
        }

        var output = state.Output;
        if (!string.IsNullOrWhiteSpace(output) && output.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(output);
                var root = document.RootElement;
                if (root.TryGetProperty("ErrorType", out var type) && root.TryGetProperty("ErrorMessage", out var message))
                {
                    return new TaskFailureDetails(type.GetString() ?? "Unknown", message.GetString() ?? string.Empty, Text(root, "StackTrace"), null, null);
                }
            }
            catch (JsonException)
            {
                // Not the provider's JSON: the text itself is the message.
            }
        }

        return new TaskFailureDetails("Unknown", output ?? "The orchestration failed without a message.", null, null, null);
    }

    private static TaskFailureDetails Convert(FailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is { } inner ? Convert(inner) : null, null);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
