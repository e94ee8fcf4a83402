using EnvOrchestrator.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api;

public static class TerraformStateBackendOpenApiExtensions
{
    /// <summary>
    /// Describes the Terraform state backend's routes (the group from <c>MapTerraformStateBackend</c>) in the OpenAPI
    /// document: GET and POST with their statuses. LOCK and UNLOCK are excluded on purpose: OpenAPI 3.1 has no slot
    /// for methods other than the standard ones (the document's description says so).
    /// </summary>
    public static RouteGroupBuilder WithTerraformStateOpenApi(this RouteGroupBuilder stateBackend)
    {
        ArgumentNullException.ThrowIfNull(stateBackend);
        ((IEndpointConventionBuilder)stateBackend).Add(endpoint =>
        {
            var method = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods.SingleOrDefault();
            switch (method)
            {
                case "GET":
                    Describe(endpoint, "GetTerraformState", "Read a Terraform state", "The current state document; 204 when the address is registered but has no state yet.");
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(object), ["application/json"]));
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, typeof(void)));
                    break;
                case "POST":
                    Describe(endpoint, "PostTerraformState", "Write a Terraform state", "Stores a new current state (a JSON object); when the state is locked only the holder, naming its lock in `ID`, may write.");
                    endpoint.Metadata.Add(new ApiRequestBodyMetadata(typeof(object), IsOptional: false));
                    endpoint.Metadata.Add(new ApiParameterMetadata(ParameterLocation.Query, "ID", "The lock id, when the writer holds the state's lock.", false, JsonSchemaType.String));
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(void)));
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(void)));
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(object), ["application/json"]));
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(void)));
                    break;
                default:
                    // LOCK and UNLOCK: not describable in OpenAPI 3.1.
                    endpoint.Metadata.Add(new ExcludeFromDescriptionAttribute());
                    break;
            }
        });
        return stateBackend;
    }

    private static void Describe(EndpointBuilder endpoint, string operationId, string summary, string description)
    {
        endpoint.Metadata.Add(new EndpointNameMetadata(operationId));
        endpoint.Metadata.Add(new TagsAttribute(OpenApiTags.TerraformState));
        endpoint.Metadata.Add(new EndpointSummaryAttribute(summary));
        endpoint.Metadata.Add(new EndpointDescriptionAttribute(description));

        // typeof(void): a status without a body (a null type is dropped by ApiExplorer).
        // Every state route: the address's Basic credential (401), an unknown address (404), storage failures (500, or 503 with Retry-After).
        endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(void)));
        endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(void)));
        endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status500InternalServerError, typeof(ProblemDetails), [ApiReference.ProblemContentType]));
        endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), [ApiReference.ProblemContentType]));
    }
}
