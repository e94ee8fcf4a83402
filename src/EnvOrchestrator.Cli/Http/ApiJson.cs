using System.Text.Json;

namespace EnvOrchestrator.Cli.Http;

/// <summary>
/// Reads the API's JSON into envctl's models. Enums stay strings and unknown fields are ignored, so a newer service
/// with a new status or field does not break an older envctl.
/// </summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>For the documents envctl writes itself (config, validation): readable text, not HTML-safe escapes.</summary>
    public static JsonSerializerOptions Output { get; } = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
