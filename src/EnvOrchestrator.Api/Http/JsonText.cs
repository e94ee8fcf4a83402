using System.Globalization;
using System.Text.Json;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Finds text in a JSON document that cannot become a string: a byte that is not UTF-8, or an escaped lone surrogate
/// (<c>"\ud800"</c>). The reader accepts both and fails only when the string is read, which for a value kept as a
/// <see cref="JsonElement"/> (an input) is deep inside the lifecycle.
/// </summary>
internal static class JsonText
{
    /// <summary>The field holding the first broken text (<c>body</c> for the document itself), or null; null too for JSON that does not parse (the deserializer says why).</summary>
    public static string? FindBrokenText(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            return Find(document.RootElement, string.Empty) is { } path ? (path.Length == 0 ? "body" : path) : null;
        }
    }

    private static string? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, Join(path, index++.ToString(CultureInfo.InvariantCulture))) is { } inItem)
                    {
                        return inItem;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!Readable(() => property.Name))
                    {
                        return path;
                    }

                    if (Find(property.Value, Join(path, property.Name)) is { } inValue)
                    {
                        return inValue;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
