using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnvOrchestrator.Durable.History;

/// <summary>The one JSON setup used for payloads, history and messages.</summary>
internal static class JsonPayload
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static object? Deserialize(string? json, Type type) =>
        json is null ? (type.IsValueType ? Activator.CreateInstance(type) : null) : JsonSerializer.Deserialize(json, type, Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Serializes a caller's input, turning serializer errors into a clear <see cref="ArgumentException"/>.</summary>
    public static string? SerializeArgument(object? value, string parameterName)
    {
        try
        {
            return Serialize(value);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"The value cannot be serialized to JSON: {ex.Message}", parameterName, ex);
        }
    }
}
