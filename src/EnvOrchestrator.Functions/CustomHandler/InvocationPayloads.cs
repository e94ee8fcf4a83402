using System.Text.Json.Serialization;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>What a custom handler answers: the Functions host reads these exact (Pascal-case) names.</summary>
internal sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
