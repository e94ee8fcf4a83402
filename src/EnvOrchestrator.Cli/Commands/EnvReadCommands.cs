using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl env list|show|outputs</c>: reading environments.</summary>
internal static class EnvReadCommands
{
    public static Command List(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var status = new Option<string?>("--status") { Description = "Only these statuses, comma-separated (e.g. Ready,Failed)", HelpName = "STATUS" };
        var template = new Option<string?>("--template") { Description = "Only environments of this template", HelpName = "NAME" };
        var pageSize = new Option<int?>("--page-size") { Description = "At most this many (the service's default when omitted)", HelpName = "N" };
        var continuation = new Option<string?>("--continuation-token") { Description = "Where the previous page ended", HelpName = "TOKEN" };
        var command = new Command("list", "List a project's environments") { project, status, template, pageSize, continuation };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var api = await session.ApiAsync(cancellationToken);
            var path = ApiPaths.WithQuery(
                ApiPaths.Environments(parse.GetValue(project)!),
                ("status", parse.GetValue(status)),
                ("template", parse.GetValue(template)),
                ("pageSize", parse.GetValue(pageSize)?.ToString(CultureInfo.InvariantCulture)),
                ("continuationToken", parse.GetValue(continuation)));
            var response = await api.GetAsync(path, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
            }
            else
            {
                EnvironmentRenderer.List(session.Console, response.Read<EnvironmentPageModel>(), context.Time.GetUtcNow());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Show(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var command = new Command("show", "Show an environment: status, resources, outputs, expiry, failure") { project, name };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var response = await GetAsync(session, parse.GetValue(project)!, parse.GetValue(name)!, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
            }
            else
            {
                EnvironmentRenderer.Show(session.Console, response.Read<EnvironmentModel>(), context.Time.GetUtcNow());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Outputs(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var command = new Command("outputs", "Show an environment's outputs (sensitive ones masked, as the service masks them)") { project, name };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var response = await GetAsync(session, parse.GetValue(project)!, parse.GetValue(name)!, cancellationToken);
            if (session.Json)
            {
                // The environment's "outputs" member exactly as the service sent it.
                using var document = JsonDocument.Parse(response.Body);
                session.WriteJson(document.RootElement.TryGetProperty("outputs", out var outputs) ? outputs.GetRawText() : "{}");
                return ExitCodes.Ok;
            }

            var environment = response.Read<EnvironmentModel>();
            if (environment.Outputs is not { Count: > 0 } values)
            {
                session.Console.WriteLine($"{environment.Project}/{environment.Name} has no outputs (status {environment.Status}).");
                return ExitCodes.Ok;
            }

            session.Console.Write(EnvironmentRenderer.Values("OUTPUT", values));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static async Task<ApiResponse> GetAsync(CommandSession session, string project, string name, CancellationToken cancellationToken)
    {
        var api = await session.ApiAsync(cancellationToken);
        return await api.GetAsync(ApiPaths.Environment(project, name), cancellationToken);
    }
}
