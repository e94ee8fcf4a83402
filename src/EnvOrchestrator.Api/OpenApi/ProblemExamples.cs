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
    // The state backend's failures (500, 503) are outside the API's vocabulary: it writes its own problems.
    private const string OutsideVocabulary = "error";

    public static JsonNode For(int statusCode)
    {
        var (code, detail, field, rule) = statusCode switch
        {
            StatusCodes.Status400BadRequest => (ProblemCodes.InvalidRequest, "The environment name must start with a lower-case letter.", "name", "name.invalid"),
            StatusCodes.Status401Unauthorized => (ProblemCodes.Unauthenticated, "The request carries no acceptable identity.", "Authorization", "identity.required"),
            StatusCodes.Status403Forbidden => (ProblemCodes.Forbidden, "Template web-stack is not shared with project 'demo'.", "template", "template.not-shared"),
            StatusCodes.Status404NotFound => (ProblemCodes.NotFound, "Project 'demo' has no environment named 'shop-dev'.", "name", "environment.not-found"),
            StatusCodes.Status409Conflict => (ProblemCodes.Conflict, "Project 'demo' already has an environment named 'shop-dev' that is not destroyed.", "name", "environment.exists"),
            StatusCodes.Status412PreconditionFailed => (ProblemCodes.PreconditionFailed, "The environment changed since it was read.", "If-Match", "etag-mismatch"),
            StatusCodes.Status413PayloadTooLarge => (ProblemCodes.BodyTooLarge, "The request body may be at most 65536 bytes.", "body", "body.max-size"),
            StatusCodes.Status415UnsupportedMediaType => (ProblemCodes.UnsupportedMediaType, "The request body must be application/json.", "Content-Type", "content-type.json"),
            StatusCodes.Status422UnprocessableEntity => (ProblemCodes.RuleViolated, "The requested TTL of 12h is above the template's maximum of 8h.", "ttl", "ttl-above-max"),
            StatusCodes.Status428PreconditionRequired => (ProblemCodes.PreconditionRequired, "Send the environment's ETag in If-Match so a concurrent change is not overwritten.", "If-Match", "etag.required"),
            _ => (null, "The request failed.", (string?)null, (string?)null),
        };
        if (code is null)
        {
            return new JsonObject
            {
                ["type"] = Problems.TypeBase + OutsideVocabulary,
                ["title"] = "Error",
                ["status"] = statusCode,
                ["detail"] = detail,
                ["code"] = OutsideVocabulary,
            };
        }

        var details = Problems.Create(code, detail, field, rule).ProblemDetails;
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
