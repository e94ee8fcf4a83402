using System.Text;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// The text stored in a queue message: one marker character, then the payload.
/// <list type="bullet">
/// <item><c>T</c> + body — the engine's body verbatim (valid XML text, small enough).</item>
/// <item><c>B</c> + base64 of the UTF-8 body — the body holds characters XML cannot carry.</item>
/// <item><c>R</c> + blob name — the body is in the payload container (too large for a message).</item>
/// </list>
/// </summary>
/// <remarks>
/// Azure caps a message at 64 KiB; we keep the encoded text (counting XML escapes) under 48 KiB so protocol
/// overhead never tips it over. The marker makes the format unambiguous for any body, and a reader can tell a
/// reference from a body without guessing.
/// </remarks>
internal static class QueueMessageCodec
{
    public const int MaxInlineBytes = 48 * 1024;

    public const char Text = 'T';
    public const char Base64 = 'B';
    public const char Reference = 'R';

    /// <summary>Encodes <paramref name="body"/>, or returns null when it must go to a blob.</summary>
    public static string? TryEncodeInline(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (XmlTextSize(body) is { } size)
        {
            return size <= MaxInlineBytes ? Text + body : null;
        }

        var utf8 = Encoding.UTF8.GetByteCount(body);
        return (utf8 + 2) / 3 * 4 <= MaxInlineBytes ? Base64 + Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : null;
    }

    public static string EncodeReference(string blobName) => Reference + blobName;

    /// <summary>Splits a stored message into its inline body or its blob reference.</summary>
    public static (string? Body, string? BlobName) Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new FormatException("An empty queue message was not written by this backend.");
        }

        return text[0] switch
        {
            Text => (text[1..], null),
            Base64 => (Encoding.UTF8.GetString(Convert.FromBase64String(text[1..])), null),
            Reference => (null, text[1..]),
            _ => throw new FormatException($"Unknown queue message marker '{text[0]}'."),
        };
    }

    /// <summary>UTF-8 size of the XML text node, or null when a character is not allowed in XML 1.0.</summary>
    private static long? XmlTextSize(string body)
    {
        long size = 1;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            switch (c)
            {
                case '<' or '>':
                    size += 4;
                    break;
                case '&':
                    size += 5;
                    break;
                case '\r':
                    size += 5;
                    break;
                case '\t' or '\n':
                    size += 1;
                    break;
                case < ' ' or '\uFFFE' or '\uFFFF':
                    return null;
                case < '\u0080':
                    size += 1;
                    break;
                case < '\u0800':
                    size += 2;
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
                    {
                        size += 4;
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        return null;
                    }
                    else
                    {
                        size += 3;
                    }

                    break;
            }
        }

        return size;
    }
}
