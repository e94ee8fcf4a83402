using EnvOrchestrator.Api.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.OpenApi;

/// <summary>
/// What the types alone do not say: problem details carry our extension members (<c>code</c>, <c>field</c>,
/// <c>rule</c>, see <see cref="Http.Problems"/>), and request bodies refuse unknown members (<see cref="Http.ApiJson"/>).
/// </summary>
internal sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly HashSet<Type> RequestBodies =
    [
        typeof(CreateEnvironmentRequest), typeof(UpdateEnvironmentRequest), typeof(ExtendEnvironmentRequest), typeof(PlanEnvironmentRequest),
    ];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ProblemDetails))
        {
            schema.Description = "RFC 9457 problem details; `code`, `field` and `rule` say what was refused and why.";
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            schema.Properties["code"] = Text("The kind of refusal, e.g. `invalid-request`, `not-found`, `conflict`, `rule-violated`; the last segment of `type`.");
            schema.Properties["field"] = Text("The request field, header or query value at fault, e.g. `name`, `inputs.cache_sku`, `If-Match`.");
            schema.Properties["rule"] = Text("The precise rule broken, e.g. `name.invalid`, `input.pattern-mismatch`, `etag.required`.");
            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            schema.Required.Add("code");
        }
        else if (RequestBodies.Contains(type))
        {
            schema.AdditionalPropertiesAllowed = false;
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
