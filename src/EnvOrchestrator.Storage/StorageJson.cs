using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnvOrchestrator.Storage;

/// <summary>The JSON settings of every stored document: camelCase, enums by name, <see cref="ValueJsonConverter"/> for values.</summary>
internal static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ValueJsonConverter(), new EnvironmentStatusJsonConverter(), new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("A stored document was null.");
}
