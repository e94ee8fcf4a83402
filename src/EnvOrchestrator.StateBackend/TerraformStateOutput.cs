using System.Text.Json;

namespace EnvOrchestrator.StateBackend;

/// <summary>One root-module output read from a stored state. <see cref="ToString"/> hides sensitive values.</summary>
public sealed record TerraformStateOutput(JsonElement Value, JsonElement Type, bool IsSensitive)
{
    public override string ToString() =>
        $"TerraformStateOutput {{ Value = {(IsSensitive ? "(sensitive)" : Value.GetRawText())}, IsSensitive = {IsSensitive} }}";
}
