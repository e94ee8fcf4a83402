using System.CommandLine;
using System.Text.Json.Nodes;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl env extend|retry|cancel</c>: the actions on one environment.</summary>
internal static class EnvActionCommands
{
    public static Command Extend(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var by = new Option<string>("--by") { Description = "How much longer, e.g. 2h or 30m", Required = true, HelpName = "DURATION" };
        var command = new Command("extend", "Push the environment's expiry back") { project, name, by };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.SendAsync(HttpMethod.Post, ApiPaths.Action(parse.GetValue(project)!, parse.GetValue(name)!, "extend"), new JsonObject { ["by"] = parse.GetValue(by) }, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
                return ExitCodes.Ok;
            }

            var environment = response.Read<EnvironmentModel>();
            session.Console.WriteLine($"{environment.Project}/{environment.Name} now expires {Display.Expiry(environment.ExpiresAt, context.Time.GetUtcNow())} ({Display.Time(environment.ExpiresAt)}); extended {environment.ExtensionCount} time(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Retry(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var wait = EnvCommand.Wait("the retried run ends");
        var command = new Command("retry", "Run a failed deploy or destroy again from where it failed") { project, name, wait };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.SendAsync(HttpMethod.Post, ApiPaths.Action(parse.GetValue(project)!, parse.GetValue(name)!, "retry"), null, cancellationToken);
            return await AcceptedOperation.ReportAsync(session, response, response.Read<OperationModel>(), parse.GetValue(wait), "Retrying", cancellationToken);
        });
        return command;
    }

    public static Command Cancel(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var command = new Command("cancel", "Cancel the environment's run in progress") { project, name };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var (p, n) = (parse.GetValue(project)!, parse.GetValue(name)!);
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.SendAsync(HttpMethod.Post, ApiPaths.Action(p, n, "cancel"), null, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
                return ExitCodes.Ok;
            }

            var run = response.Read<RunModel>();
            session.Console.MarkupLine($"Cancelling run {Markup.Escape(run.Id)} ({Markup.Escape(run.Kind)}) of {Markup.Escape(p)}/{Markup.Escape(n)}; it stops after the Terraform step in progress.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
