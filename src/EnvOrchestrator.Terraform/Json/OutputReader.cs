using System.Text.Json;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Json;

/// <summary>Reads <c>terraform output -json</c>: <c>{name: {sensitive, type, value}}</c>.</summary>
internal static class OutputReader
{
    public static IReadOnlyDictionary<string, TerraformValue> Read(string json, SecretRedactor redactor)
    {
        var outputs = new Dictionary<string, TerraformValue>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return outputs;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var output in document.RootElement.EnumerateObject())
        {
            var sensitive = output.Value.TryGetProperty("sensitive", out var s) && s.ValueKind == JsonValueKind.True;
            var value = output.Value.TryGetProperty("value", out var v) ? v.Clone() : default;
            if (sensitive)
            {
                redactor.Add(value);
            }

            outputs[output.Name] = new TerraformValue(value, sensitive);
        }

        return outputs;
    }
}
