using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Values;

/// <summary>Converts between JSON (requests, Terraform values) and typed <see cref="Value"/>s, keeping sensitivity.</summary>
internal static class JsonValues
{
    public static Value ToValue(JsonElement json, bool sensitive = false) => (json.ValueKind switch
    {
        JsonValueKind.String => Value.Of(json.GetString()!),
        JsonValueKind.Number => json.TryGetDecimal(out var d) ? Value.Of(d) : Value.Of(decimal.Parse(json.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        JsonValueKind.True => Value.Of(true),
        JsonValueKind.False => Value.Of(false),
        JsonValueKind.Array => new ListValue([.. json.EnumerateArray().Select(i => ToValue(i))]),
        JsonValueKind.Object => new MapValue(json.EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => ToValue(p.Value), StringComparer.Ordinal)),
        _ => Value.Null,
    }).AsSensitive(sensitive);

    /// <summary>The JSON of a known value; unknown parts become null (callers check <see cref="Value.ContainsUnknown"/> first).</summary>
    public static JsonElement ToJson(Value value) => JsonSerializer.SerializeToElement(ToPlain(value));

    public static TerraformValue ToTerraform(Value value) => new(ToJson(value), value.IsSensitive || ContainsSensitive(value));

    public static Value FromTerraform(TerraformValue value) => ToValue(value.Value, value.IsSensitive);

    public static bool ContainsSensitive(Value value) => value.IsSensitive || value switch
    {
        ListValue l => l.Items.Any(ContainsSensitive),
        MapValue m => m.Entries.Values.Any(ContainsSensitive),
        _ => false,
    };

    /// <summary>Same content and sensitivity, comparing numbers by value.</summary>
    public static bool SameValues(IReadOnlyDictionary<string, Value> a, IReadOnlyDictionary<string, Value> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && ToJson(e.Value).GetRawText() == ToJson(other).GetRawText()
            && ContainsSensitive(e.Value) == ContainsSensitive(other));

    private static object? ToPlain(Value value) => value switch
    {
        StringValue s => s.Value,
        NumberValue n => n.Value,
        BoolValue b => b.Value,
        ListValue l => l.Items.Select(ToPlain).ToList(),
        MapValue m => m.Entries.ToDictionary(e => e.Key, e => ToPlain(e.Value), StringComparer.Ordinal),
        _ => null,
    };
}
