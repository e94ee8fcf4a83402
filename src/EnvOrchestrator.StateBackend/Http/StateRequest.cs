using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Core.TerraformState;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EnvOrchestrator.StateBackend.Http;

/// <summary>What every state endpoint does first: resolve the address, check its credentials, read a bounded body.</summary>
internal static class StateRequest
{
    public const string LockedContentType = "application/json";

    /// <summary>
    /// Null when the request may go on; otherwise the 404, or the 401 with a plain-text body saying why (bad or expired
    /// credentials, or a run that ended): Terraform prints its own message for a 401, so the reason is logged as well.
    /// </summary>
    public static async Task<(IResult? Denied, TerraformStateAddress Address)> AuthorizeAsync(
        HttpContext context, TerraformStateBackend backend, string workspace, string stateName, CancellationToken cancellationToken)
    {
        if (!TerraformStateAddress.TryCreate(workspace, stateName, out var address))
        {
            return (TypedResults.NotFound(), address);
        }

        if (await backend.RefuseAsync(address, ReadBasicPassword(context.Request), cancellationToken).ConfigureAwait(false) is { } reason)
        {
            backend.Logger.Unauthorized(context.Request.Path, reason);
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"terraform-state\"";
            return (TypedResults.Text(reason, "text/plain", statusCode: StatusCodes.Status401Unauthorized), address);
        }

        return (null, address);
    }

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // Our own limit decides, not the server's default, so the answer is always our 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The lock id from Terraform's LockInfo JSON; null when the body is not such a document.</summary>
    public static string? ReadLockId(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("ID", out var id) && id.ValueKind == JsonValueKind.String &&
                id.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IResult Holder(int statusCode, Storage.TerraformStateLock? holder) =>
        TypedResults.Content(holder?.InfoJson ?? "{}", LockedContentType, Encoding.UTF8, statusCode);

    private static string? ReadBasicPassword(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
