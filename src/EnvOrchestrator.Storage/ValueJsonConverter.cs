using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Storage;

/// <summary>
/// Writes a <see cref="Value"/> as <c>{"t": kind, "v": value, "s": true}</c> so that the kind, the sensitive flag
/// and unknowns survive a round trip exactly: <c>{"t":"unknown","of":"string"}</c> for an unknown,
/// <c>{"t":"list","v":[…]}</c> and <c>{"t":"map","v":{…}}</c> for collections. Numbers are JSON decimals.
/// </summary>
/// <remarks>
/// A sensitive value is written as <c>{"$protected":"…"}</c>: its whole form above, protected by the
/// <see cref="ISecretProtector"/> (purpose <see cref="SecretPurposes.StoredValues"/>), so the document (row or blob)
/// holds no secret, not even its kind. Values written before that (in clear, with <c>"s":true</c>) still read. Without a
/// protector, writing a sensitive value fails rather than storing it in clear.
/// </remarks>
internal sealed class ValueJsonConverter(ISecretProtector? protector) : JsonConverter<Value>
{
    public const string ProtectedProperty = "$protected";

    public override Value Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return FromElement(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, Value value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteValue(writer, value);
    }

    private void WriteValue(Utf8JsonWriter writer, Value value)
    {
        if (value.IsSensitive)
        {
            WriteProtected(writer, value);
            return;
        }

        WriteClear(writer, value, clearChildren: false);
    }

    private void WriteProtected(Utf8JsonWriter writer, Value value)
    {
        if (protector is null)
        {
            throw new JsonException("A sensitive value cannot be stored without a secret protector (register AddEnvOrchestratorSecrets).");
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var inner = new Utf8JsonWriter(buffer))
        {
            // Everything inside is sensitive already: one protection for the whole value, not one per item.
            WriteClear(inner, value, clearChildren: true);
        }

        writer.WriteStartObject();
        writer.WriteString(ProtectedProperty, protector.Protect(SecretPurposes.StoredValues, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)));
        writer.WriteEndObject();
    }

    private void WriteItem(Utf8JsonWriter writer, Value item, bool clear)
    {
        if (clear)
        {
            WriteClear(writer, item, clearChildren: true);
        }
        else
        {
            WriteValue(writer, item);
        }
    }

    private void WriteClear(Utf8JsonWriter writer, Value value, bool clearChildren)
    {
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
                    WriteItem(writer, item, clearChildren);
                }

                writer.WriteEndArray();
                break;
            case MapValue map:
                writer.WriteString("t", "map");
                writer.WriteStartObject("v");
                foreach (var (key, item) in map.Entries)
                {
                    writer.WritePropertyName(key);
                    WriteItem(writer, item, clearChildren);
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

    private Value FromElement(JsonElement element)
    {
        if (element.TryGetProperty(ProtectedProperty, out var sealedText))
        {
            if (protector is null)
            {
                throw new JsonException("A stored value is protected, and no secret protector is registered to read it.");
            }

            using var clear = JsonDocument.Parse(protector.Unprotect(SecretPurposes.StoredValues, sealedText.GetString() ?? string.Empty));
            return FromElement(clear.RootElement);
        }

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
