using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// The answer to a long operation (202), in the manner of Durable Functions' management payload: the environment and
/// run as they are now, and where to poll, follow the logs, or cancel.
/// </summary>
public sealed record OperationResponse(EnvironmentView Environment, RunView Run, string InstanceId, OperationLinks Links)
{
    internal static OperationResponse From(OperationAccepted accepted)
    {
        var p = accepted.Environment.Project;
        var n = accepted.Environment.Name;
        var run = accepted.Run.Id;
        return new OperationResponse(accepted.Environment, accepted.Run, accepted.InstanceId, new OperationLinks(
            Http.ApiLinks.Run(p, n, run),
            Http.ApiLinks.Environment(p, n),
            Http.ApiLinks.Logs(p, n, run) + "?follow=true",
            Http.ApiLinks.Environment(p, n) + "/cancel"));
    }

    /// <summary>202 with the run's status URL in Location.</summary>
    internal static Accepted<OperationResponse> Accepted(OperationAccepted accepted)
    {
        var response = From(accepted);
        return TypedResults.Accepted(response.Links.Status, response);
    }

    internal static Results<Accepted<OperationResponse>, ProblemHttpResult> AcceptedOrProblem(LifecycleResult<OperationAccepted> result) =>
        result.Succeeded ? Accepted(result.Value) : Problems.From(result.Problem);
}

public sealed record OperationLinks(string Status, string Environment, string Logs, string Cancel);

/// <summary>One line of a followed log (server-sent event <c>log</c>).</summary>
public sealed record LogLineEvent(string Step, string Line);
