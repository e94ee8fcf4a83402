using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Testing.OpenApi;

/// <summary>Compares the routes the app really serves with the operations its OpenAPI document describes.</summary>
public static class EndpointCoverage
{
    /// <summary>Every routed <c>METHOD /pattern</c> with no operation in <paramref name="document"/>, sorted.</summary>
    public static IReadOnlyList<string> Undescribed(EndpointDataSource endpoints, OpenApiDocument document)
    {
        var described = (document.Paths ?? [])
            .SelectMany(path => (path.Value.Operations ?? []).Keys.Select(method => Key(method.Method, path.Key)))
            .ToHashSet(StringComparer.Ordinal);
        return endpoints.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => Key(method, e.RoutePattern.RawText ?? string.Empty)))
            .Where(key => !described.Contains(key))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    // The generator writes "/api/templates" for the group route "/api/templates/".
    private static string Key(string method, string pattern) => $"{method.ToUpperInvariant()} /{pattern.Trim('/')}";
}
