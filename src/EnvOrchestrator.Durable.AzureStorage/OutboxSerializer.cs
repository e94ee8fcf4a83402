using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// The <c>Messages</c> column of an outbox row: a JSON array of <c>{"q": logical queue, "b": body,
/// "d": visibility delay in ticks}</c>. Relaxed escaping keeps non-ASCII bodies compact.
/// </summary>
internal static class OutboxSerializer
{
    private static readonly OutboxJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(IReadOnlyList<OutboundMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var wire = messages.Select(m => new WireMessage(m.Queue, m.Body, m.VisibilityDelay.Ticks)).ToList();
        return JsonSerializer.Serialize(wire, Context.ListWireMessage);
    }

    public static IReadOnlyList<OutboundMessage> Deserialize(string json)
    {
        var wire = JsonSerializer.Deserialize(json, Context.ListWireMessage)
            ?? throw new FormatException("An outbox row holds no message list.");
        return wire.Select(w => new OutboundMessage(w.Q, w.B, TimeSpan.FromTicks(w.D))).ToArray();
    }

    internal sealed record WireMessage(
        [property: JsonPropertyName("q")] string Q,
        [property: JsonPropertyName("b")] string B,
        [property: JsonPropertyName("d")] long D);
}

[JsonSerializable(typeof(List<OutboxSerializer.WireMessage>))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
