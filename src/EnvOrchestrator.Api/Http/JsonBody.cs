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
            return (null, Invalid($"The body is not valid here: {FirstSentence(e.Message)}", field, "body.json"));
        }
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
