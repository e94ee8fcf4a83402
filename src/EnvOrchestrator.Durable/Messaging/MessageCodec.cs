using System.Text.Json;
using EnvOrchestrator.Durable.History;

namespace EnvOrchestrator.Durable.Messaging;

internal static class MessageCodec
{
    /// <summary>Queue messages are at most 64 KiB; keep batches well below so envelopes and encoding fit.</summary>
    public const int MaxBatchChars = 40_000;

    public static string Encode(ControlMessage message) => JsonSerializer.Serialize(message, JsonPayload.Options);

    public static string Encode(WorkItemMessage message) => JsonSerializer.Serialize(message, JsonPayload.Options);

    /// <summary>Null when the body is not a control message (it is then treated as poison).</summary>
    public static ControlMessage? DecodeControl(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<ControlMessage>(body, JsonPayload.Options);
            return message is { InstanceId: not null, Events: not null } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static WorkItemMessage? DecodeWorkItem(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<WorkItemMessage>(body, JsonPayload.Options);
            return message is { InstanceId: not null, ExecutionId: not null, Activities: not null } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
