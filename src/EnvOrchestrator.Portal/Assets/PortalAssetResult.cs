using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Portal.Assets;

/// <summary>Writes a portal file with its content type and validators.</summary>
internal static class PortalAssetResult
{
    // The file names carry no version, so browsers must revalidate every time; the ETag keeps that to a 304.
    private const string CacheControl = "no-cache";

    // Only the service's own scripts, styles and API; the live log stream is same-origin too.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static async Task Write(HttpContext context, PortalAsset? asset)
    {
        if (asset is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = context.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
