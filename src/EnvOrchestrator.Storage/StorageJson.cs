using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Core.Secrets;

namespace EnvOrchestrator.Storage;

/// <summary>The JSON settings of every stored document: camelCase, enums by name, <see cref="ValueJsonConverter"/> for values.</summary>
internal static class StorageJson
{
    /// <summary>For documents without values (runs): a sensitive value written with these fails instead of being stored in clear.</summary>
    public static JsonSerializerOptions Options { get; } = Create(protector: null);

    /// <summary>Settings whose value converter protects sensitive values with <paramref name="protector"/>; create once and keep.</summary>
    public static JsonSerializerOptions Create(ISecretProtector? protector) => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ValueJsonConverter(protector), new EnvironmentStatusJsonConverter(), new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T document) => Serialize(document, Options);

    public static string Serialize<T>(T document, JsonSerializerOptions options) => JsonSerializer.Serialize(document, options);

    public static T Deserialize<T>(string json) => Deserialize<T>(json, Options);

    public static T Deserialize<T>(string json, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T>(json, options) ?? throw new JsonException("A stored document was null.");
}
