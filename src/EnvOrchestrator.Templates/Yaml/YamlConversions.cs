using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;
using Newtonsoft.Json.Linq;

namespace EnvOrchestrator.Templates.Yaml;

/// <summary>Turns YAML nodes into typed values (for the domain) and into JSON (for schema validation).</summary>
internal static class YamlConversions
{
    public static Value ToValue(YamlNode node) => node switch
    {
        YamlScalar s => YamlScalars.Classify(s, out var b, out var n) switch
        {
            YamlScalars.ScalarType.Null => Value.Null,
            YamlScalars.ScalarType.Bool => Value.Of(b),
            YamlScalars.ScalarType.Number => Value.Of(n),
            _ => Value.Of(s.Text),
        },
        YamlSequence seq => new ListValue([.. seq.Items.Select(ToValue)]),
        YamlMapping map => new MapValue(map.Entries.ToImmutableSortedDictionary(e => e.Key, e => ToValue(e.Value), StringComparer.Ordinal)),
        _ => Value.Null,
    };

    public static JToken ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlScalar s:
                return YamlScalars.Classify(s, out var b, out var n) switch
                {
                    YamlScalars.ScalarType.Null => JValue.CreateNull(),
                    YamlScalars.ScalarType.Bool => new JValue(b),
                    YamlScalars.ScalarType.Number => n == decimal.Truncate(n) && Math.Abs(n) < long.MaxValue ? new JValue((long)n) : new JValue(n),
                    _ => new JValue(s.Text),
                };
            case YamlSequence seq:
                var array = new JArray();
                foreach (var item in seq.Items)
                {
                    array.Add(ToJson(item));
                }

                return array;
            case YamlMapping map:
                var obj = new JObject();
                foreach (var entry in map.Entries)
                {
                    obj.Add(entry.Key, ToJson(entry.Value));
                }

                return obj;
            default:
                return JValue.CreateNull();
        }
    }
}
