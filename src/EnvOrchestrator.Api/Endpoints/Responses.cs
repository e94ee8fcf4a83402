using EnvOrchestrator.Lifecycle.Contracts;

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
}

public sealed record OperationLinks(string Status, string Environment, string Logs, string Cancel);

/// <summary>One line of a followed log (server-sent event <c>log</c>).</summary>
public sealed record LogLineEvent(string Step, string Line);
