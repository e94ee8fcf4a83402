using System.Text.Json;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Reads a JSON request body with the API's guards, so that bad input is always a problem response and never a 500:
/// <c>application/json</c> only (415), at most the configured size (413), a body Kestrel can read (400
/// <c>body.malformed</c>, e.g. a broken chunk), text that is Unicode (400 <c>body.invalid-text</c>) and well-formed JSON
/// of the expected shape (400 naming the JSON path).
/// </summary>
internal static class JsonBody
{
    /// <summary>
    /// The body as <paramref name="type"/>, or the problem that refuses it. An <paramref name="optional"/> body that
    /// turns out empty (a chunked body without content) is neither: the endpoint runs without one.
    /// </summary>
    public static async Task<(object? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, Type type, int maxBytes, bool optional, CancellationToken cancellationToken)
    {
        var isJson = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
        if (!isJson && !(optional && request.ContentLength is null))
        {
            return (null, NotJson());
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel could not read the body as framed (a broken chunk, a short body, too slow): the request is at fault.
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : Invalid($"The request body could not be read: {FirstSentence(e.Message)}", "body", "body.malformed"));
        }

        if (buffer.Length == 0)
        {
            return optional ? (null, null) : (null, Invalid("The request body is empty; a JSON object is expected.", "body", "body.required"));
        }

        if (!isJson)
        {
            return (null, NotJson());
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (JsonText.FindBrokenText(bytes) is { } broken)
        {
            return (null, Invalid($"The text at {broken} is not valid Unicode (a lone surrogate or a byte that is not UTF-8).", broken, "body.invalid-text"));
        }

        try
        {
            var body = JsonSerializer.Deserialize(bytes.Span, type, ApiJson.Options);
            return body is null ? (null, Invalid("A JSON object is expected.", "body", "body.json")) : (body, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            var detail = Expected(e.Message, field) is { } kind ? $"'{field}' must be {kind}."
                : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? $"'{field}' is not the kind of JSON value expected here; see the API reference at /docs."
                : $"The body is not valid here: {FirstSentence(e.Message)}";
            return (null, Invalid(detail, field, "body.json"));
        }
    }

    // The serializer names .NET types ("could not be converted to System.Collections.Generic.IReadOnlyList`1[...]");
    // a caller knows JSON, so say which kind of JSON value was expected.
    private static string? Expected(string message, string field)
    {
        const string Marker = "could not be converted to ";
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var type = message[(at + Marker.Length)..];
        var end = type.IndexOf(". ", StringComparison.Ordinal);
        type = (end >= 0 ? type[..end] : type).TrimEnd('.');
        return type switch
        {
            _ when type.Contains("Dictionary", StringComparison.Ordinal) => "a JSON object",
            _ when type.Contains("List`1[System.String]", StringComparison.Ordinal) || type == "System.String[]" => "an array of strings",
            _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
            "System.String" => "a string",
            "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
            _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) => "a date and time such as \"2026-12-01T00:00:00Z\"",
            _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) => "a number",
            // The body's own type is named for any of its constructor's arguments: only the whole body is known to be an object.
            _ when type.StartsWith("EnvOrchestrator.", StringComparison.Ordinal) && field == "body" => "a JSON object",
            _ => null,
        };
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static ProblemHttpResult NotJson() =>
        Problems.Create(ProblemCodes.UnsupportedMediaType, "The request body must be application/json.", "Content-Type", "content-type.json");

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        Problems.Create(ProblemCodes.BodyTooLarge, $"The request body may be at most {maxBytes} bytes.", "body", "body.max-size");

    private static ProblemHttpResult Invalid(string detail, string field, string rule) =>
        Problems.Create(ProblemCodes.InvalidRequest, detail, field, rule);
}
