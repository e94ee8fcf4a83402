using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace EnvOrchestrator.Mcp;

/// <summary>The JSON tools answer in: the API's shapes (web defaults, enums as strings), so an agent reads what curl shows.</summary>
internal static class McpJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // The SDK freezes the options it is given, which needs a resolver named up front.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),

        // Read by a model, never put into HTML: keep quotes, '+' and non-ASCII as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };
}
