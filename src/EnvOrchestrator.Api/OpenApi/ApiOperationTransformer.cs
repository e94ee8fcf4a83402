using System.Globalization;
using System.Text.Json;
using EnvOrchestrator.Api.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.OpenApi;

/// <summary>
/// Completes an operation from the endpoint's own metadata where ASP.NET Core's generator has no slot for it:
/// the request body and parameters the handler reads by hand (<see cref="ApiRequestBodyMetadata"/>,
/// <see cref="ApiParameterMetadata"/>), response headers, the request example, and an example on every problem response.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    private static readonly JsonSerializerOptions ExampleOptions = new(ApiJson.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var parameter in metadata.OfType<ApiParameterMetadata>())
        {
            Describe(operation, parameter);
        }

        foreach (var header in metadata.OfType<ApiResponseHeaderMetadata>())
        {
            if (Response(operation, header.StatusCode) is { } response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                response.Headers[header.Name] = new OpenApiHeader { Description = header.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        if (metadata.OfType<ApiRequestBodyMetadata>().LastOrDefault() is { } requestBody)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !requestBody.IsOptional,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(requestBody.Type, null, cancellationToken).ConfigureAwait(false) },
                },
            };
        }

        if (metadata.OfType<ApiRequestExampleMetadata>().LastOrDefault() is { } example &&
            operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var body))
        {
            // Optional members left out: an example shows what to send, and a null would not match an object's schema.
            body.Example = JsonSerializer.SerializeToNode(example.Example, example.Example.GetType(), ExampleOptions);
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response.Content is { } media && media.TryGetValue(ApiReference.ProblemContentType, out var problem) &&
                int.TryParse(status, CultureInfo.InvariantCulture, out var code))
            {
                problem.Example = ProblemExamples.For(code);
            }
        }

        foreach (var alternate in metadata.OfType<ApiAlternateResponseMetadata>())
        {
            if (Response(operation, alternate.StatusCode) is { } response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
                response.Content[alternate.ContentType] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(alternate.Type, null, cancellationToken).ConfigureAwait(false) };
            }
        }
    }

    private static OpenApiResponse? Response(OpenApiOperation operation, int statusCode) =>
        operation.Responses is { } responses &&
        responses.TryGetValue(statusCode.ToString(CultureInfo.InvariantCulture), out var found) ? found as OpenApiResponse : null;

    private static void Describe(OpenApiOperation operation, ApiParameterMetadata described)
    {
        operation.Parameters ??= [];
        var existing = operation.Parameters.FirstOrDefault(p => p.In == described.In && string.Equals(p.Name, described.Name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            operation.Parameters.Remove(existing);
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = described.Name,
            In = described.In,
            Description = described.Description,
            Required = described.Required,
            Schema = new OpenApiSchema { Type = described.Type },
        });
    }
}
