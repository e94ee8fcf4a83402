using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// The actions on one environment: <c>/plan</c> (what-if; its body is optional), <c>/extend</c> (200, or 202 when
/// held for approval), <c>/outputs/reveal</c>, <c>/approve</c> and <c>/reject</c>, <c>/retry</c> (202) and <c>/cancel</c> (202).
/// </summary>
internal static class EnvironmentActionsEndpoints
{
    public static void Map(RouteGroupBuilder environments)
    {
        environments.MapPost("/{name}/plan", PlanAsync)
            .WithName("PlanEnvironment")
            .WithSummary("Preview an update")
            .WithDescription("What an update with these inputs and template version would do, resource by resource (Terraform plan; nothing is applied). Without a body, the current ones.")
            .RequiresAccess(ProjectAction.Read)
            .WithJsonBody<PlanEnvironmentRequest>(isOptional: true)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        environments.MapPost("/{name}/extend", ExtendAsync)
            .WithName("ExtendEnvironment")
            .WithSummary("Extend an environment's lifetime")
            .WithDescription("Pushes the expiry back, within the template's maximum TTL and extension caps. An extension an approval policy flags (or one above a cap, when approvals above caps are on) is held for an approver instead: 202 with the environment and its pending approval.")
            .RequiresAccess(ProjectAction.Change)
            .WithJsonBody<ExtendEnvironmentRequest>()
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The environment's new version.")
            .WithResponseHeader(StatusCodes.Status202Accepted, "ETag", "The environment's new version (holding the request).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        environments.MapPost("/{name}/outputs/reveal", RevealAsync)
            .WithName("RevealEnvironmentOutputs")
            .WithSummary("Show the environment's outputs with secrets in clear")
            .WithDescription("The environment's and its resources' outputs, sensitive ones included in clear (every other answer masks them). Developers and above; the call is in the audit trail and the answer is not cached.")
            .RequiresAccess(ProjectAction.Reveal)
            .ProducesProblems(StatusCodes.Status404NotFound);
        environments.MapPost("/{name}/approve", ApproveAsync)
            .WithName("ApproveEnvironment")
            .WithSummary("Approve what the environment waits for")
            .WithDescription("Approves the pending deploy (it starts) or extension (it is applied beyond the caps). Project admins and platform admins; never the person who asked. The reason is optional and recorded.")
            .RequiresAccess(ProjectAction.Approve)
            .WithJsonBody<ApprovalDecisionRequest>(isOptional: true)
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The environment's new version.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        environments.MapPost("/{name}/reject", RejectAsync)
            .WithName("RejectEnvironment")
            .WithSummary("Reject what the environment waits for")
            .WithDescription("Rejects the pending deploy (the environment fails with the reason; nothing was applied) or extension (the expiry stays). A reason is required.")
            .RequiresAccess(ProjectAction.Approve)
            .WithJsonBody<ApprovalDecisionRequest>()
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The environment's new version.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        environments.MapPost("/{name}/retry", RetryAsync)
            .WithName("RetryEnvironment")
            .WithSummary("Retry a failed or cancelled run")
            .WithDescription("Resumes from the failure without re-applying what succeeded (202).")
            .RequiresAccess(ProjectAction.Change)
            .WithJsonBody<RetryEnvironmentRequest>(isOptional: true)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The run's status URL.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        environments.MapPost("/{name}/cancel", CancelAsync)
            .WithName("CancelEnvironmentRun")
            .WithSummary("Cancel the running deploy or update")
            .WithDescription("Terraform is interrupted gracefully and pending resources are skipped (202 with the run). A destroy cannot be cancelled (409).")
            .RequiresAccess(ProjectAction.Change)
            .WithJsonBody<CancelEnvironmentRequest>(isOptional: true)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The run's status URL.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> PlanAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var body = context.OptionalBody<PlanEnvironmentRequest>();
        var result = await service.PlanAsync(new PlanEnvironmentQuery(project, name, body?.Inputs, body?.TemplateVersion), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Problem);
    }

    private static async Task<Results<Ok<RevealedOutputs>, ProblemHttpResult>> RevealAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var result = await service.RevealOutputsAsync(new EnvironmentCommand(project, name, context.Caller().Name), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Problems.From(result.Problem);
        }

        // Secrets must not be kept by a proxy or the browser.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(result.Value);
    }

    private static Task<Results<Ok<EnvironmentView>, ProblemHttpResult>> ApproveAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken) =>
        DecideAsync(project, name, approve: true, context.OptionalBody<ApprovalDecisionRequest>()?.Reason, context, service, cancellationToken);

    private static Task<Results<Ok<EnvironmentView>, ProblemHttpResult>> RejectAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken) =>
        DecideAsync(project, name, approve: false, context.Body<ApprovalDecisionRequest>().Reason, context, service, cancellationToken);

    private static async Task<Results<Ok<EnvironmentView>, ProblemHttpResult>> DecideAsync(
        string project, string name, bool approve, string? reason, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var result = await service.DecideApprovalAsync(new DecideApprovalCommand(project, name, approve, reason, context.Caller().Name), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Problems.From(result.Problem);
        }

        context.Response.Headers.ETag = result.Value.ETag;
        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Ok<EnvironmentView>, Accepted<EnvironmentView>, ProblemHttpResult>> ExtendAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var body = context.Body<ExtendEnvironmentRequest>();
        if (!DurationText.TryParse(body.By, out var by, out var tooLong))
        {
            return DurationProblem(body.By, tooLong, "by", "4h or 30m");
        }

        var result = await service.ExtendAsync(new ExtendEnvironmentCommand(project, name, by.Value, context.Caller().Name), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Problems.From(result.Problem);
        }

        context.Response.Headers.ETag = result.Value.ETag;
        return result.Value.SentForApproval
            ? TypedResults.Accepted(ApiLinks.Environment(project, name), result.Value)
            : TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Accepted<OperationResponse>, ProblemHttpResult>> RetryAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var result = await service.RetryAsync(new EnvironmentCommand(project, name, context.Caller().Name), cancellationToken).ConfigureAwait(false);
        return OperationResponse.AcceptedOrProblem(result);
    }

    private static async Task<Results<Accepted<RunView>, ProblemHttpResult>> CancelAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var result = await service.CancelAsync(new EnvironmentCommand(project, name, context.Caller().Name), cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? TypedResults.Accepted(ApiLinks.Run(project, name, result.Value.Id), result.Value)
            : Problems.From(result.Problem);
    }

    /// <summary>The refusal of a duration field (<c>ttl</c>, <c>by</c>) that did not parse.</summary>
    internal static ProblemHttpResult DurationProblem(string? text, bool tooLong, string field, string examples) => tooLong
        ? Problems.Create(ProblemCodes.InvalidRequest, $"The {field} may be at most {DurationText.Format(DurationText.MaxValue)}.", field, "value.duration-too-long")
        : Problems.Create(ProblemCodes.InvalidRequest, $"'{text}' is not a duration such as {examples}.", field, "value.invalid-duration");
}
