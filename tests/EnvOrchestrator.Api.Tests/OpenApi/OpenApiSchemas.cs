using System.Text.Json.Nodes;
using NJsonSchema;

namespace EnvOrchestrator.Api.Tests.OpenApi;

/// <summary>JSON Schema validation of instances against the document's schemas (OpenAPI 3.1 schemas are JSON Schema).</summary>
internal static class OpenApiSchemas
{
    /// <summary>The validation errors of <paramref name="instance"/> against <paramref name="schema"/>, whose <c>$ref</c>s resolve in <paramref name="document"/>.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(JsonObject document, JsonNode schema, string instance)
    {
        var root = new JsonObject
        {
            ["allOf"] = new JsonArray(schema.DeepClone()),
            ["components"] = document["components"]!.DeepClone(),
        };
        var compiled = await JsonSchema.FromJsonAsync(root.ToJsonString());
        return compiled.Validate(instance).Select(e => $"{e.Path}: {e.Kind}").ToList();
    }
}
