using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace EnvOrchestrator.Api.Tests.OpenApi;

/// <summary>The service's OpenAPI document, fetched over HTTP and read by Microsoft.OpenApi (the reader ASP.NET Core's generator ships with).</summary>
internal sealed record OpenApiDocumentReader(string Json, OpenApiDocument Document, OpenApiDiagnostic Diagnostic)
{
    /// <summary>The document as JSON, for what the object model does not expose as written (examples, <c>$ref</c>s).</summary>
    public JsonObject Raw { get; } = JsonNode.Parse(Json)!.AsObject();

    public static async Task<OpenApiDocumentReader> FetchAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/openapi/v1.json", cancellationToken);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        Assert.NotNull(result.Document);
        return new OpenApiDocumentReader(json, result.Document, result.Diagnostic!);
    }
}
