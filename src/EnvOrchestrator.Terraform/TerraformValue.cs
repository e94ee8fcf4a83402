using System.Text.Json;

namespace EnvOrchestrator.Terraform;

/// <summary>
/// A Terraform value (input or output) as JSON, with its sensitive flag. Persist it as is and pass it back as an input
/// (for destroy). <see cref="ToString"/> never shows a sensitive value.
/// </summary>
public sealed record TerraformValue(JsonElement Value, bool IsSensitive = false)
{
    public static TerraformValue From<T>(T value, bool isSensitive = false) => new(JsonSerializer.SerializeToElement(value), isSensitive);

    /// <summary>Parses one JSON value (object, array, string, number, bool or null).</summary>
    public static TerraformValue FromJson(string json, bool isSensitive = false)
    {
        using var document = JsonDocument.Parse(json);
        return new TerraformValue(document.RootElement.Clone(), isSensitive);
    }

    public override string ToString() =>
        $"TerraformValue {{ Value = {(IsSensitive ? "(sensitive)" : Value.ValueKind == JsonValueKind.Undefined ? "null" : Value.GetRawText())}, IsSensitive = {IsSensitive} }}";
}
