using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnvOrchestrator.Api.Http;

/// <summary>The API's JSON: web defaults, enums as strings, unknown request fields refused (a typo must not be ignored).</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
