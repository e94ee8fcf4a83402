using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Storage;

/// <summary>Writes a status by its current name and reads former names too, so records stored before a rename still load.</summary>
internal sealed class EnvironmentStatusJsonConverter : JsonConverter<EnvironmentStatus>
{
    public override EnvironmentStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && EnvironmentStatusNames.TryParse(reader.GetString(), out var status)
            ? status
            : throw new JsonException($"'{(reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString())}' is not an environment status.");

    public override void Write(Utf8JsonWriter writer, EnvironmentStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
