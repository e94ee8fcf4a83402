using System.Text.Json;

namespace EnvOrchestrator.Lifecycle.Tests;

internal static class TestInputs
{
    public static IReadOnlyDictionary<string, JsonElement> Of(params (string Name, object Value)[] inputs) =>
        inputs.ToDictionary(i => i.Name, i => JsonSerializer.SerializeToElement(i.Value), StringComparer.Ordinal);
}
