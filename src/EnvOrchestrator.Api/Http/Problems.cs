using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EnvOrchestrator.Api.Http;

/// <summary>RFC 7807 problem details for every error, naming the field and the rule (extensions <c>code</c>, <c>field</c>, <c>rule</c>).</summary>
internal static class Problems
{
    public static int StatusOf(string code) => code switch
    {
        ProblemCodes.InvalidRequest => StatusCodes.Status400BadRequest,
        ProblemCodes.Forbidden => StatusCodes.Status403Forbidden,
        ProblemCodes.NotFound => StatusCodes.Status404NotFound,
        ProblemCodes.Conflict or ProblemCodes.RequestInProgress => StatusCodes.Status409Conflict,
        ProblemCodes.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ProblemCodes.RuleViolated or ProblemCodes.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    public static ProblemHttpResult From(LifecycleProblem problem) =>
        Create(StatusOf(problem.Code), problem.Code, problem.Detail, problem.Field, problem.Rule);

    public static ProblemHttpResult Create(int status, string code, string detail, string? field, string? rule)
    {
        var details = new ProblemDetails
        {
            Status = status,
            Title = Title(status),
            Detail = detail,
            Type = $"https://envorch.io/problems/{code}",
        };
        details.Extensions["code"] = code;
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

    private static string Title(int status) => status switch
    {
        400 => "The request is invalid",
        401 => "Authentication is required",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "The request body is too large",
        415 => "Unsupported media type",
        422 => "A rule refuses the request",
        428 => "Precondition required",
        _ => "Error",
    };
}
