using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// The one mapping of <see cref="ProblemCodes"/> to HTTP: RFC 7807 problem details with the code's status and title,
/// <c>type</c> <c>https://envorch.io/problems/{code}</c>, and the extensions <c>code</c>, <c>field</c> and <c>rule</c>.
/// Every error the API answers is built here.
/// </summary>
internal static class Problems
{
    public const string TypeBase = "https://envorch.io/problems/";

    // Titles are per status (two codes share 409 and 422), as clients have always seen them.
    private static readonly Dictionary<ProblemCode, (int Status, string Title)> Http = new()
    {
        [ProblemCodes.InvalidRequest] = (StatusCodes.Status400BadRequest, "The request is invalid"),
        [ProblemCodes.Unauthenticated] = (StatusCodes.Status401Unauthorized, "Authentication is required"),
        [ProblemCodes.Forbidden] = (StatusCodes.Status403Forbidden, "Not allowed"),
        [ProblemCodes.NotFound] = (StatusCodes.Status404NotFound, "Not found"),
        [ProblemCodes.Conflict] = (StatusCodes.Status409Conflict, "Conflict"),
        [ProblemCodes.RequestInProgress] = (StatusCodes.Status409Conflict, "Conflict"),
        [ProblemCodes.PreconditionFailed] = (StatusCodes.Status412PreconditionFailed, "Precondition failed"),
        [ProblemCodes.BodyTooLarge] = (StatusCodes.Status413PayloadTooLarge, "The request body is too large"),
        [ProblemCodes.UnsupportedMediaType] = (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
        [ProblemCodes.RuleViolated] = (StatusCodes.Status422UnprocessableEntity, "A rule refuses the request"),
        [ProblemCodes.IdempotencyKeyReused] = (StatusCodes.Status422UnprocessableEntity, "A rule refuses the request"),
        [ProblemCodes.PreconditionRequired] = (StatusCodes.Status428PreconditionRequired, "Precondition required"),
    };

    /// <summary>The status and title of <paramref name="code"/>.</summary>
    /// <exception cref="InvalidOperationException">A code was added to <see cref="ProblemCodes"/> without its mapping here.</exception>
    public static (int Status, string Title) HttpOf(ProblemCode code) =>
        Http.TryGetValue(code, out var http) ? http : throw new InvalidOperationException($"Problem code '{code}' has no HTTP mapping; add it to {nameof(Problems)}.");

    public static ProblemHttpResult From(LifecycleProblem problem) =>
        Create(problem.Code, problem.Detail, problem.Field, problem.Rule);

    public static ProblemHttpResult Create(ProblemCode code, string detail, string? field, string? rule)
    {
        var (status, title) = HttpOf(code);
        var details = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = TypeBase + code.Value,
        };
        details.Extensions["code"] = code.Value;
        if (field is not null)
        {
            details.Extensions["field"] = field;
        }

        if (rule is not null)
        {
            details.Extensions["rule"] = rule;
        }

        return TypedResults.Problem(details);
    }
}
