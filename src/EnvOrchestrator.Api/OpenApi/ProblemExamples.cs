using System.Text.Json.Nodes;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.OpenApi;

/// <summary>
/// One realistic problem document per status, built by <see cref="Problems.Create"/> itself so that the examples
/// cannot drift from what the API writes.
/// </summary>
internal static class ProblemExamples
{
    public static JsonNode For(int statusCode)
    {
        var (code, detail, field, rule) = statusCode switch
        {
            StatusCodes.Status400BadRequest => (ProblemCodes.InvalidRequest, "The environment name must start with a lower-case letter.", "name", "name.invalid"),
            StatusCodes.Status401Unauthorized => ("unauthenticated", "The request carries no acceptable identity.", "Authorization", "identity.required"),
            StatusCodes.Status403Forbidden => (ProblemCodes.Forbidden, "Template web-stack is not shared with project 'demo'.", "template", "template.not-shared"),
            StatusCodes.Status404NotFound => (ProblemCodes.NotFound, "Project 'demo' has no environment named 'shop-dev'.", "name", "environment.not-found"),
            StatusCodes.Status409Conflict => (ProblemCodes.Conflict, "Project 'demo' already has an environment named 'shop-dev' that is not destroyed.", "name", "environment.exists"),
            StatusCodes.Status412PreconditionFailed => (ProblemCodes.PreconditionFailed, "The environment changed since it was read.", "If-Match", "etag-mismatch"),
            StatusCodes.Status413PayloadTooLarge => ("body-too-large", "The request body may be at most 65536 bytes.", "body", "body.max-size"),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "The request body must be application/json.", "Content-Type", "content-type.json"),
            StatusCodes.Status422UnprocessableEntity => (ProblemCodes.RuleViolated, "The requested TTL of 12h is above the template's maximum of 8h.", "ttl", "ttl-above-max"),
            StatusCodes.Status428PreconditionRequired => ("precondition-required", "Send the environment's ETag in If-Match so a concurrent change is not overwritten.", "If-Match", "etag.required"),
            _ => ("error", "The request failed.", (string?)null, (string?)null),
        };
        var details = Problems.Create(statusCode, code, detail, field, rule).ProblemDetails;
        var example = new JsonObject
        {
            ["type"] = details.Type,
            ["title"] = details.Title,
            ["status"] = details.Status,
            ["detail"] = details.Detail,
        };
        foreach (var (name, value) in details.Extensions)
        {
            example[name] = value?.ToString();
        }

        return example;
    }
}
