using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.OpenApi;
using EnvOrchestrator.Testing.Service;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.OpenApi;

/// <summary>The composed service describes every route it serves (API, state backend, health) and serves its docs.</summary>
public sealed class ServiceOpenApiTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    /// <summary>Routes left out on purpose; anything else missing from the document fails.</summary>
    private static readonly string[] Excluded =
    [
        // The document and the docs page that renders it describe the API; they are not part of it.
        "GET /docs/favicon.svg",
        "GET /docs/scalar.aspnetcore.js",
        "GET /docs/scalar.js",
        "GET /docs/{documentName?}",
        "GET /openapi/{documentName}.json",

        // OpenAPI 3.1 can describe only the standard HTTP methods; the document's description says so.
        "LOCK /tfstate/{workspace}/{stateName}",
        "UNLOCK /tfstate/{workspace}/{stateName}",

        // The MCP server (stateless streamable HTTP, JSON-RPC in one POST) is a protocol for agents, not a REST resource.
        "POST /mcp",

        // The web portal: a page and its static files for browsers, not part of the API.
        "GET /",
        "HEAD /",
        "GET /portal/{**path}",
        "HEAD /portal/{**path}",
    ];

    [Fact(Timeout = 120_000)]
    public async Task GetDocument_ComposedService_DescribesEveryRouteExceptDeliberateExclusions()
    {
        await using var service = await InProcessService.StartAsync(ServiceSettings.Create(azurite.ConnectionString), output);
        using var http = new HttpClient { BaseAddress = service.Settings.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var json = await http.GetStringAsync("/openapi/v1.json");
        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        using var docs = await http.GetAsync("/docs");
        var undescribed = EndpointCoverage.Undescribed(service.Services.GetRequiredService<EndpointDataSource>(), read.Document!);

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(Excluded.Order(StringComparer.Ordinal), undescribed);
        Assert.Contains("/api/health", read.Document!.Paths.Keys);
        Assert.Equal(System.Net.HttpStatusCode.OK, docs.StatusCode);
    }
}
