using EnvOrchestrator.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace EnvOrchestrator.Api;

public static class EnvOrchestratorApiReferenceEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the OpenAPI document at <c>/openapi/v1.json</c> and interactive docs rendering it at <c>/docs</c>. The docs
    /// work offline: Scalar's script is served from its assembly, and its web fonts, telemetry and AI agent (which
    /// would call Scalar's servers) are off.
    /// </summary>
    public static IEndpointRouteBuilder MapEnvOrchestratorApiReference(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi(ApiReference.DocumentRoute);
        endpoints.MapScalarApiReference(ApiReference.DocsPath, o => o
            .WithTitle("EnvOrchestrator API")
            .WithOpenApiRoutePattern(ApiReference.DocumentRoute)
            .AddDocument(ApiReference.DocumentName)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return endpoints;
    }
}
