using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Storage;

/// <summary>
/// Writes a <see cref="Value"/> as <c>{"t": kind, "v": value, "s": true}</c> so that the kind, the sensitive flag
/// and unknowns survive a round trip exactly: <c>{"t":"unknown","of":"string"}</c> for an unknown,
/// <c>{"t":"list","v":[…]}</c> and <c>{"t":"map","v":{…}}</c> for collections. Numbers are JSON decimals.
/// </summary>
internal sealed class ValueJsonConverter : JsonConverter<Value>
{
    public override Value Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return FromElement(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, Value value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        switch (value)
        {
            case UnknownValue unknown:
                writer.WriteString("t", "unknown");
                writer.WriteString("of", ValueKindNames.ToName(unknown.ExpectedKind));
                break;
            case StringValue s:
                writer.WriteString("t", "string");
                writer.WriteString("v", s.Value);
                break;
            case NumberValue n:
                writer.WriteString("t", "number");
                writer.WriteNumber("v", n.Value);
                break;
            case BoolValue b:
                writer.WriteString("t", "bool");
                writer.WriteBoolean("v", b.Value);
                break;
            case NullValue:
                writer.WriteString("t", "null");
                break;
            case ListValue list:
                writer.WriteString("t", "list");
                writer.WriteStartArray("v");
                foreach (var item in list.Items)
                {
                    Write(writer, item, options);
                }

                writer.WriteEndArray();
                break;
            case MapValue map:
                writer.WriteString("t", "map");
                writer.WriteStartObject("v");
                foreach (var (key, item) in map.Entries)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item, options);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new JsonException("No JSON form for value type " + value.GetType().Name);
        }

        if (value.IsSensitive)
        {
            writer.WriteBoolean("s", true);
        }

        writer.WriteEndObject();
    }

    private static Value FromElement(JsonElement element)
    {
        var kind = element.GetProperty("t").GetString();
        Value value = kind switch
        {
            "string" => new StringValue(element.GetProperty("v").GetString() ?? string.Empty),
            "number" => new NumberValue(element.GetProperty("v").GetDecimal()),
            "bool" => new BoolValue(element.GetProperty("v").GetBoolean()),
            "null" => new NullValue(),
            "unknown" => new UnknownValue(ParseKind(element.GetProperty("of").GetString())),
            "list" => new ListValue([.. element.GetProperty("v").EnumerateArray().Select(FromElement)]),
            "map" => new MapValue(element.GetProperty("v").EnumerateObject()
                .ToImmutableSortedDictionary(p => p.Name, p => FromElement(p.Value), StringComparer.Ordinal)),
            _ => throw new JsonException("Unknown value kind: " + kind),
        };
        return element.TryGetProperty("s", out var sensitive) && sensitive.GetBoolean() ? value.AsSensitive() : value;
    }

    // ValueKindNames.Parse has no name for null (it is not a declarable type), but an unknown may expect it.
    private static ValueKind ParseKind(string? name) =>
        name == "null" ? ValueKind.Null : ValueKindNames.Parse(name ?? string.Empty) ?? throw new JsonException("Unknown value kind: " + name);
}
