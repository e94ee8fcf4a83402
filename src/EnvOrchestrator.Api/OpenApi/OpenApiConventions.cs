using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.OpenApi;

/// <summary>Endpoint metadata for what the handlers do by hand: problem statuses, headers, parsed query values, examples.</summary>
internal static class OpenApiConventions
{
    /// <summary>Declares the problem statuses the endpoint can answer, each as <c>application/problem+json</c>.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), [ApiReference.ProblemContentType]));
        }

        return builder;
    }

    /// <summary>
    /// Declares the JSON request body, which the group's <see cref="JsonBodyFilter"/> reads before the handler
    /// (<see cref="ApiRequestContext.Body{T}"/>): 413 and 415 (its 400 is every project endpoint's).
    /// </summary>
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder, bool isOptional = false)
        where TBody : notnull =>
        builder.WithMetadata(new ApiRequestBodyMetadata(typeof(TBody), isOptional))
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    public static TBuilder WithHeaderParameter<TBuilder>(this TBuilder builder, string name, string description, bool required = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameterMetadata(ParameterLocation.Header, name, description, required, JsonSchemaType.String));

    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, string name, string description, JsonSchemaType type = JsonSchemaType.String)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameterMetadata(ParameterLocation.Query, name, description, false, type));

    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, int statusCode, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiResponseHeaderMetadata(statusCode, name, description));

    public static TBuilder ProducesAlternate<TResponse, TBuilder>(this TBuilder builder, int statusCode, string contentType)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiAlternateResponseMetadata(statusCode, contentType, typeof(TResponse)));

    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiRequestExampleMetadata(example));

    /// <summary>The paging query values of a list endpoint (parsed by the handler, see <see cref="QueryValues"/>).</summary>
    public static RouteHandlerBuilder WithPaging(this RouteHandlerBuilder builder) =>
        builder
            .WithQueryParameter("pageSize", $"Items per page, 1–{ListEnvironmentsQuery.MaxPageSize} (default {ListEnvironmentsQuery.DefaultPageSize}).", JsonSchemaType.Integer)
            .WithQueryParameter("continuationToken", "The previous page's `continuationToken`; omit for the first page.");
}
