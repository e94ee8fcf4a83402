using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.OpenApi;

/// <summary>
/// A parameter the handler reads itself (a header from the request, or a query value it parses so that a bad one is a
/// problem response): binding cannot describe it, so <see cref="ApiOperationTransformer"/> adds or completes it.
/// </summary>
internal sealed record ApiParameterMetadata(ParameterLocation In, string Name, string Description, bool Required, JsonSchemaType Type);

/// <summary>A header the endpoint sets on a response of <see cref="StatusCode"/> (Location, ETag, Retry-After).</summary>
internal sealed record ApiResponseHeaderMetadata(int StatusCode, string Name, string Description);

/// <summary>
/// A second body for <see cref="StatusCode"/> under another content type: ApiExplorer keeps one per status, so a
/// handler answering JSON or server-sent events by <c>Accept</c> needs this for the other one.
/// </summary>
internal sealed record ApiAlternateResponseMetadata(int StatusCode, string ContentType, Type Type);

/// <summary>
/// A JSON request body, read by <see cref="Http.JsonBodyFilter"/> and described in the document. Not <c>Accepts</c>:
/// its metadata makes routing answer a wrong Content-Type with a bare 415 before the filter can answer its problem details.
/// </summary>
internal sealed record ApiRequestBodyMetadata(Type Type, bool IsOptional);

/// <summary>An example request body, serialized as the API reads it (<see cref="Http.ApiJson"/>).</summary>
internal sealed record ApiRequestExampleMetadata(object Example);
