using EnvOrchestrator.Portal.Assets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Portal;

/// <summary>Maps the web portal: a small static app, embedded in this assembly, that calls the JSON API.</summary>
public static class EnvOrchestratorPortalEndpointRouteBuilderExtensions
{
    /// <summary>The folder the portal's scripts and styles are served from.</summary>
    public const string AssetsPrefix = "/portal";

    /// <summary>
    /// Maps the portal page at <c>/</c> and its files under <c>/portal/</c>. The page routes with the URL fragment
    /// (<c>/#/templates/web-stack</c>), so no fallback route is needed and <c>/api</c>, <c>/tfstate</c>,
    /// <c>/openapi</c> and <c>/docs</c> are never shadowed.
    /// </summary>
    public static IEndpointConventionBuilder MapEnvOrchestratorPortal(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var assets = PortalAssets.Load();
        var portal = endpoints.MapGroup(string.Empty).ExcludeFromDescription();
        portal.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => PortalAssetResult.Write(context, assets.Find("index.html")));
        portal.MapMethods(AssetsPrefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (string? path, HttpContext context) => PortalAssetResult.Write(context, assets.Find(path ?? string.Empty)));
        return portal;
    }
}
