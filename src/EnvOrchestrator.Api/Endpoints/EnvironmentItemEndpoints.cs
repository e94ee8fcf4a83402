using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// One environment, <c>…/environments/{name}</c>: read (with ETag), update (If-Match, 202), destroy (202) and purge
/// (<c>?purge=true</c>, 204). Its actions are <see cref="EnvironmentActionsEndpoints"/>, its runs <see cref="RunsEndpoints"/>.
/// </summary>
internal static class EnvironmentItemEndpoints
{
    public static void Map(RouteGroupBuilder environments)
    {
        environments.MapGet("/{name}", GetAsync)
            .WithName("GetEnvironment")
            .WithSummary("Show an environment")
            .WithDescription("Its status, each resource's status, the outputs once it is Ready (sensitive values masked) and its expiry.")
            .RequiresAccess(ProjectAction.Read)
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The environment's version, for `If-Match` on update.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        environments.MapPatch("/{name}", UpdateAsync)
            .WithName("UpdateEnvironment")
            .WithSummary("Update an environment's inputs or template version")
            .WithDescription("Merges the inputs over the current ones and/or moves to another template version, then queues an update run (202).")
            .RequiresAccess(ProjectAction.Change)
            .WithJsonBody<UpdateEnvironmentRequest>()
            .RequiresIfMatch()
            .WithHeaderParameter("If-Match", "The ETag from the last read (`*` for any version); without it the update is refused (428), with a stale one too (412).", required: true)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The run's status URL.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        environments.MapDelete("/{name}", DestroyAsync)
            .WithName("DestroyEnvironment")
            .WithSummary("Destroy an environment, or purge a destroyed one")
            .WithDescription("Queues a destroy run (202; resources go in reverse dependency order). With `purge=true` a destroyed environment is removed for good with its runs and logs (204).")
            .RequiresAccess(ProjectAction.Destroy)
            .RequiresAccessWhen("purge", ProjectAction.Purge)
            .WithQueryParameter("purge", "Remove a destroyed environment for good instead of destroying (`true`/`false`).", JsonSchemaType.Boolean)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The run's status URL.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<EnvironmentView>, ProblemHttpResult>> GetAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var result = await service.GetAsync(new EnvironmentQuery(project, name), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Problems.From(result.Problem);
        }

        context.Response.Headers.ETag = result.Value.ETag;
        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Accepted<OperationResponse>, ProblemHttpResult>> UpdateAsync(
        string project, string name, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var body = context.Body<UpdateEnvironmentRequest>();
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (PolicyOverrides.Refuse(context, body.PolicyOverride) is { } notAllowed)
        {
            return notAllowed;
        }

        var command = new UpdateEnvironmentCommand(project, name, body.Inputs, body.TemplateVersion, ifMatch == "*" ? null : ifMatch, context.Caller().Name)
        {
            OverrideReason = PolicyOverrides.Reason(body.PolicyOverride),
        };
        var result = await service.UpdateAsync(command, cancellationToken).ConfigureAwait(false);
        return OperationResponse.AcceptedOrProblem(result);
    }

    private static async Task<Results<Accepted<OperationResponse>, NoContent, ProblemHttpResult>> DestroyAsync(
        string project, string name, string? purge, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var (purging, badPurge) = QueryValues.Flag(purge, "purge");
        if (badPurge is not null)
        {
            return badPurge;
        }

        var command = new EnvironmentCommand(project, name, context.Caller().Name);
        if (purging)
        {
            var purged = await service.PurgeAsync(command, cancellationToken).ConfigureAwait(false);
            return purged.Succeeded ? TypedResults.NoContent() : Problems.From(purged.Problem);
        }

        var result = await service.DestroyAsync(command, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? OperationResponse.Accepted(result.Value) : Problems.From(result.Problem);
    }
}
