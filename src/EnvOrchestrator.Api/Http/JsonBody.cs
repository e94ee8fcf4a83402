using System.Text.Json;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Reads a JSON request body with the API's guards, so that bad input is always a problem response and never a 500:
/// <c>application/json</c> only (415), at most the configured size (413), well-formed JSON of the expected shape (400
/// naming the JSON path).
/// </summary>
internal static class JsonBody
{
    public static async Task<(object? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, Type type, int maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problems.Create(ProblemCodes.UnsupportedMediaType, "The request body must be application/json.", "Content-Type", "content-type.json"));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Invalid("The request body is empty; a JSON object is expected.", "body", "body.required"));
        }

        try
        {
            var body = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type, ApiJson.Options);
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

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        Problems.Create(ProblemCodes.BodyTooLarge, $"The request body may be at most {maxBytes} bytes.", "body", "body.max-size");

    private static ProblemHttpResult Invalid(string detail, string field, string rule) =>
        Problems.Create(ProblemCodes.InvalidRequest, detail, field, rule);
}
