using System.Text.Json;

namespace EnvOrchestrator.Durable.History;

/// <summary>Turns the events of one episode into the opaque string a backend stores, and back.</summary>
internal static class HistoryCodec
{
    public static string Encode(IReadOnlyList<HistoryEvent> events) => JsonSerializer.Serialize(events, JsonPayload.Options);

    public static IReadOnlyList<HistoryEvent> Decode(string eventsJson) =>
        JsonSerializer.Deserialize<HistoryEvent[]>(eventsJson, JsonPayload.Options) ?? [];
}
