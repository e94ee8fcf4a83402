using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Api.OpenApi;

internal static class OpenApiServiceCollectionExtensions
{
    /// <summary>The OpenAPI document <see cref="ApiReference.DocumentName"/>, generated from the endpoints' metadata and completed by the transformers.</summary>
    public static IServiceCollection AddEnvOrchestratorOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(ApiReference.DocumentName, o =>
        {
            o.AddDocumentTransformer<ApiDocumentTransformer>();
            o.AddOperationTransformer<ApiOperationTransformer>();
            o.AddSchemaTransformer<ApiSchemaTransformer>();
        });
}
