using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// A request's JSON as a value, or where it holds a number no value can (beyond ±7.9e28 or <c>1e400</c>): the dotted
    /// path below <paramref name="json"/> (empty for the value itself).
    /// </summary>
    public static bool TryToValue(JsonElement json, [NotNullWhen(true)] out Value? value, out string badNumberPath)
    {
        badNumberPath = string.Empty;
        value = null;
        if (FindBadNumber(json, string.Empty) is { } path)
        {
            badNumberPath = path;
            return false;
        }

        value = ToValue(json);
        return true;
    }

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

    private static string? FindBadNumber(JsonElement json, string path) => json.ValueKind switch
    {
        JsonValueKind.Number => json.TryGetDecimal(out _) || decimal.TryParse(json.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : path,
        JsonValueKind.Array => json.EnumerateArray().Select((item, i) => FindBadNumber(item, Join(path, i.ToString(CultureInfo.InvariantCulture)))).FirstOrDefault(p => p is not null),
        JsonValueKind.Object => json.EnumerateObject().Select(p => FindBadNumber(p.Value, Join(path, p.Name))).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

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
