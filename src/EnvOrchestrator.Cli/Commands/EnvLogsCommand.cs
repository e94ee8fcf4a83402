using System.CommandLine;
using System.Text.Json;
using EnvOrchestrator.Cli.Http;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>
/// <c>envctl env logs PROJECT NAME [RUN] [--follow]</c>: a run's Terraform output (the current or latest run when RUN
/// is omitted); <c>--follow</c> streams the run's <c>logs?follow=true</c> server-sent events until the run ends.
/// </summary>
internal static class EnvLogsCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var run = new Argument<string?>("RUN") { Description = "The run's id (the current or latest run when omitted)", Arity = ArgumentArity.ZeroOrOne };
        var follow = new Option<bool>("--follow", "-f") { Description = "Stream new lines until the run ends; exit 1 if it failed" };
        var command = new Command("logs", "Show a run's Terraform output") { project, name, run, follow };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var (p, n) = (parse.GetValue(project)!, parse.GetValue(name)!);
            var api = await session.ApiAsync(cancellationToken);
            var runId = parse.GetValue(run) ?? await LatestRunAsync(api, p, n, cancellationToken);
            if (!parse.GetValue(follow))
            {
                var response = await api.GetAsync(ApiPaths.Logs(p, n, runId), cancellationToken);
                if (session.Json)
                {
                    session.WriteJson(response.Body);
                }
                else
                {
                    foreach (var step in response.Read<RunLogsModel>().Steps)
                    {
                        foreach (var line in step.Lines)
                        {
                            WriteLine(session.Console, step.Step, line);
                        }
                    }
                }

                return ExitCodes.Ok;
            }

            await foreach (var item in api.FollowAsync(ApiPaths.WithQuery(ApiPaths.Logs(p, n, runId), ("follow", "true")), cancellationToken))
            {
                if (session.Json)
                {
                    // One event's data per line (JSON lines), as the service sent it.
                    session.WriteJson(item.Data);
                }
                else if (item.EventType == "log" && JsonSerializer.Deserialize<LogLineModel>(item.Data, ApiJson.Options) is { } line)
                {
                    WriteLine(session.Console, line.Step, line.Line);
                }
            }

            var finished = (await api.GetAsync(ApiPaths.Run(p, n, runId), cancellationToken)).Read<RunModel>();
            if (!session.Json)
            {
                session.Console.WriteLine($"run {finished.Id} ({finished.Kind}) {finished.Status}.");
            }

            return finished.Status is "Failed" or "Cancelled" ? ExitCodes.OperationFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> LatestRunAsync(ApiClient api, string project, string name, CancellationToken cancellationToken)
    {
        var environment = (await api.GetAsync(ApiPaths.Environment(project, name), cancellationToken)).Read<EnvironmentModel>();
        if (environment.CurrentRunId is { } current)
        {
            return current;
        }

        var runs = (await api.GetAsync(ApiPaths.WithQuery(ApiPaths.Runs(project, name), ("pageSize", "1")), cancellationToken)).Read<RunPageModel>();
        return runs.Items.Count > 0
            ? runs.Items[0].Id
            : throw new CliException(ExitCodes.NotFound, $"{project}/{name} has no runs.", "Runs start with envctl env create, retry or destroy.");
    }

    private static void WriteLine(IAnsiConsole console, string step, string line) =>
        console.MarkupLine($"[dim]{Markup.Escape(step)}[/] {Markup.Escape(line)}");
}
