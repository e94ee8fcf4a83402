using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// <c>…/{name}/runs</c> (newest first), <c>…/runs/{run}</c> (the status URL of a long operation) and
/// <c>…/runs/{run}/logs</c>: all lines as JSON, or followed as server-sent events (<c>?follow=true</c> or
/// <c>Accept: text/event-stream</c>) until the run finishes.
/// </summary>
internal static class RunsEndpoints
{
    public static void Map(RouteGroupBuilder environments)
    {
        environments.MapGet("/{name}/runs", ListAsync)
            .WithName("ListRuns")
            .WithTags(OpenApiTags.Runs)
            .WithSummary("List an environment's runs, newest first")
            .RequiresAccess(ProjectAction.Read)
            .WithPaging()
            .ProducesProblems(StatusCodes.Status404NotFound);
        environments.MapGet("/{name}/runs/{run}", GetAsync)
            .WithName("GetRun")
            .WithTags(OpenApiTags.Runs)
            .WithSummary("Show a run (the status URL of a long operation)")
            .RequiresAccess(ProjectAction.Read)
            .WithResponseHeader(StatusCodes.Status200OK, "Retry-After", "Seconds to wait before polling again, while the run is queued or running.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        environments.MapGet("/{name}/runs/{run}/logs", LogsAsync)
            .WithName("GetRunLogs")
            .WithTags(OpenApiTags.Runs)
            .WithSummary("Read or follow a run's Terraform output")
            .RequiresAccess(ProjectAction.Read)
            .WithDescription("All lines so far as JSON; with `follow=true` or `Accept: text/event-stream`, server-sent events (`log` per line, then `end`) until the run finishes.")
            .ProducesAlternate<RunLogs, RouteHandlerBuilder>(StatusCodes.Status200OK, "application/json")
            .WithQueryParameter("follow", "Stream the lines as server-sent events until the run finishes (`true`/`false`).", JsonSchemaType.Boolean)
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<RunPage>, ProblemHttpResult>> ListAsync(
        string project, string name, string? pageSize, string? continuationToken, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var (size, badSize) = QueryValues.PageSize(pageSize, ListEnvironmentsQuery.DefaultPageSize);
        if (badSize is not null)
        {
            return badSize;
        }

        var query = new ListRunsQuery(project, name) { PageSize = size!.Value, ContinuationToken = continuationToken };
        var result = await service.ListRunsAsync(query, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Problem);
    }

    private static async Task<Results<Ok<RunView>, ProblemHttpResult>> GetAsync(
        string project, string name, string run, HttpContext context, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var result = await service.GetRunAsync(new RunQuery(project, name, run), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Problems.From(result.Problem);
        }

        if (result.Value.Status is Core.Environments.RunStatus.Queued or Core.Environments.RunStatus.Running)
        {
            // Like Durable Functions' status endpoint: tell pollers when to come back.
            context.Response.Headers.RetryAfter = "2";
        }

        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Ok<RunLogs>, ServerSentEventsResult<LogLineEvent>, ProblemHttpResult>> LogsAsync(
        string project,
        string name,
        string run,
        string? follow,
        HttpContext context,
        IEnvironmentService service,
        IOptions<EnvOrchestratorApiOptions> options,
        CancellationToken cancellationToken)
    {
        var (followed, badFollow) = QueryValues.Flag(follow, "follow");
        if (badFollow is not null)
        {
            return badFollow;
        }

        var query = new RunLogsQuery(project, name, run);
        var first = await service.ReadRunLogsAsync(query, cancellationToken).ConfigureAwait(false);
        if (!first.Succeeded)
        {
            return Problems.From(first.Problem);
        }

        var wantsStream = followed || context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        return wantsStream
            ? TypedResults.ServerSentEvents(FollowAsync(service, query, first.Value, options.Value.LogPollInterval, cancellationToken))
            : TypedResults.Ok(first.Value);
    }

    private static async IAsyncEnumerable<SseItem<LogLineEvent>> FollowAsync(
        IEnvironmentService service, RunLogsQuery query, RunLogs first, TimeSpan poll, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var logs = first;
        while (true)
        {
            foreach (var step in logs.Steps)
            {
                foreach (var line in step.Lines)
                {
                    yield return new SseItem<LogLineEvent>(new LogLineEvent(step.Step, line), "log");
                }

                offsets[step.Step] = step.NextOffset;
            }

            if (logs.RunFinished && logs.Steps.All(s => s.Lines.Count == 0))
            {
                yield return new SseItem<LogLineEvent>(new LogLineEvent(string.Empty, "run finished"), "end");
                yield break;
            }

            if (!logs.RunFinished)
            {
                await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
            }

            var next = await service.ReadRunLogsAsync(query with { Offsets = new Dictionary<string, long>(offsets) }, cancellationToken).ConfigureAwait(false);
            if (!next.Succeeded)
            {
                yield break;
            }

            logs = next.Value;
        }
    }
}
