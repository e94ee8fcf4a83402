using System.Globalization;
using System.Text;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Reversible escaping of arbitrary strings into table keys and blob name segments.
/// </summary>
/// <remarks>
/// Table keys may not hold <c>/ \ # ?</c> or control characters; we also escape <c>|</c> (our row-key separator)
/// and <c>%</c> (the escape character), so <c>h|{exec}|</c> prefixes can never match across executions.
/// Blob segments additionally escape <c>.</c> (so <c>..</c> cannot be normalised away as a path step) and <c>~</c>
/// (reserved for the backend's own top-level folders). Characters up to U+00FF become <c>%XX</c>; lone surrogates,
/// which cannot travel as UTF-8, become <c>%uXXXX</c>. Escaping is per character, so a prefix of an id escapes to a
/// prefix of the escaped id (instance-id prefix queries rely on this).
/// </remarks>
internal static class KeyEscaper
{
    public static string EscapeKey(string value) => Escape(value, forBlob: false);

    public static string EscapeBlobSegment(string value) => Escape(value, forBlob: true);

    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (!escaped.Contains('%', StringComparison.Ordinal))
        {
            return escaped;
        }

        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '%')
            {
                builder.Append(c);
            }
            else if (i + 1 < escaped.Length && escaped[i + 1] == 'u')
            {
                builder.Append((char)int.Parse(escaped.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 5;
            }
            else
            {
                builder.Append((char)int.Parse(escaped.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
            }
        }

        return builder.ToString();
    }

    private static string Escape(string value, bool forBlob)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = FirstToEscape(value, forBlob);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        builder.Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else if (MustEscape(c, forBlob))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static int FirstToEscape(string value, bool forBlob)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (MustEscape(c, forBlob) || char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool MustEscape(char c, bool forBlob) =>
        c is '/' or '\\' or '#' or '?' or '|' or '%' or < ' ' or (>= '\u007F' and <= '\u009F')
        || (forBlob && c is '.' or '~');
}
