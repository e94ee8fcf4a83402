using System.Text.Json;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// The collection <c>/api/projects/{project}/environments</c>: create (202, <c>Idempotency-Key</c>) and list (paging,
/// filters). One environment is <see cref="EnvironmentItemEndpoints"/>.
/// </summary>
internal static class EnvironmentCollectionEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void Map(RouteGroupBuilder environments)
    {
        environments.MapPost("/", CreateAsync)
            .WithName("CreateEnvironment")
            .WithSummary("Create an environment")
            .WithDescription("Validates the request, stores the environment and queues its deploy run (202). A name held by a destroyed environment is reused. A repeated `Idempotency-Key` returns the first answer.")
            .RequiresAccess(ProjectAction.Create)
            .WithJsonBody<CreateEnvironmentRequest>()
            .WithRequestExample(new CreateEnvironmentRequest("shop-dev", "web-stack@1.0.0", new() { ["delay_seconds"] = JsonSerializer.SerializeToElement(1) }, "4h"))
            .WithHeaderParameter(IdempotencyKeyHeader, "Makes the create safe to retry: the same key and body return the first answer; the same key with another body is refused (422).")
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The run's status URL.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        environments.MapGet("/", ListAsync)
            .WithName("ListEnvironments")
            .WithSummary("List a project's environments")
            .RequiresAccess(ProjectAction.Read)
            .WithQueryParameter("status", $"Comma-separated statuses to keep, e.g. `Ready,Failed` (any of: {string.Join(", ", EnvironmentStatusNames.Current)}; `Validating` is read as `Queued`).")
            .WithQueryParameter("template", "Only environments of this template (name).")
            .WithPaging();
    }

    private static async Task<Results<Accepted<OperationResponse>, ProblemHttpResult>> CreateAsync(
        string project, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var body = context.Body<CreateEnvironmentRequest>();
        if (string.IsNullOrEmpty(body.Template))
        {
            return Problems.Create(ProblemCodes.InvalidRequest, "A template is required, e.g. \"web-stack\" or \"web-stack@1.0.0\".", "template", "template.required");
        }

        TimeSpan? ttl = null;
        if (body.Ttl is not null)
        {
            if (!DurationText.TryParse(body.Ttl, out var parsed, out var tooLong))
            {
                return EnvironmentActionsEndpoints.DurationProblem(body.Ttl, tooLong, "ttl", "8h, 90m or 1h30m");
            }

            ttl = parsed;
        }

        if (PolicyOverrides.Refuse(context, body.PolicyOverride) is { } notAllowed)
        {
            return notAllowed;
        }

        var key = context.Request.Headers[IdempotencyKeyHeader].ToString();
        var command = new CreateEnvironmentCommand(project, body.Name ?? string.Empty, body.Template, body.Inputs ?? [], ttl, context.Caller().Name)
        {
            IdempotencyKey = key.Length == 0 ? null : key,
            OverrideReason = PolicyOverrides.Reason(body.PolicyOverride),
            AllowDraft = context.Caller().IsPlatformAdmin,
        };
        var result = await service.CreateAsync(command, cancellationToken).ConfigureAwait(false);
        return OperationResponse.AcceptedOrProblem(result);
    }

    private static async Task<Results<Ok<EnvironmentPage>, ProblemHttpResult>> ListAsync(
        string project,
        string? status,
        string? template,
        string? pageSize,
        string? continuationToken,
        IEnvironmentService service,
        CancellationToken cancellationToken)
    {
        var (size, badSize) = QueryValues.PageSize(pageSize, ListEnvironmentsQuery.DefaultPageSize);
        if (badSize is not null)
        {
            return badSize;
        }

        var statuses = new List<EnvironmentStatus>();
        foreach (var text in (status ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EnvironmentStatusNames.TryParse(text, out var parsed))
            {
                return Problems.Create(ProblemCodes.InvalidRequest, $"'{text}' is not a status; use one of: {string.Join(", ", EnvironmentStatusNames.Current)}.", "status", "filter.status");
            }

            statuses.Add(parsed);
        }

        var query = new ListEnvironmentsQuery(project)
        {
            PageSize = size!.Value,
            ContinuationToken = continuationToken,
            Statuses = statuses,
            Template = template,
        };
        var result = await service.ListAsync(query, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Problem);
    }
}
