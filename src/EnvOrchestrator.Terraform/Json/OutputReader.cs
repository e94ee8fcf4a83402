using System.Text.Json;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Json;

/// <summary>
/// Reads outputs as <c>terraform output -json</c> prints them (<c>{name: {sensitive, type, value}}</c>), or from the
/// <c>outputs</c> member of a state file, which has the same shape.
/// </summary>
internal static class OutputReader
{
    public static IReadOnlyDictionary<string, TerraformValue> Read(string json, SecretRedactor redactor)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, TerraformValue>(StringComparer.Ordinal);
        }

        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement, redactor);
    }

    /// <summary>The outputs of a state file (format version 4); none when the state is empty.</summary>
    public static IReadOnlyDictionary<string, TerraformValue> ReadState(string json, SecretRedactor redactor)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("version", out var version) || version.GetInt32() != 4)
        {
            throw new InvalidOperationException("The state is not in format version 4.");
        }

        return root.TryGetProperty("outputs", out var outputs)
            ? Read(outputs, redactor)
            : new Dictionary<string, TerraformValue>(StringComparer.Ordinal);
    }

    private static Dictionary<string, TerraformValue> Read(JsonElement root, SecretRedactor redactor)
    {
        var outputs = new Dictionary<string, TerraformValue>(StringComparer.Ordinal);
        foreach (var output in root.EnumerateObject())
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
