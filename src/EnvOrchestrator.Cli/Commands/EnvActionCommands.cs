using System.CommandLine;
using System.Text.Json.Nodes;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl env extend|approve|reject|retry|cancel</c>: the actions on one environment.</summary>
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
                return response.Status == 202 ? ExitCodes.AwaitingApproval : ExitCodes.Ok;
            }

            var environment = response.Read<EnvironmentModel>();
            if (response.Status == 202)
            {
                session.Console.WriteLine($"{environment.Project}/{environment.Name}: the extension needs an approval; the expiry stays {Display.Time(environment.ExpiresAt)} until an approver decides.");
                EnvironmentRenderer.Approval(session.Console, environment, context.Time.GetUtcNow());
                return ExitCodes.AwaitingApproval;
            }

            session.Console.WriteLine($"{environment.Project}/{environment.Name} now expires {Display.Expiry(environment.ExpiresAt, context.Time.GetUtcNow())} ({Display.Time(environment.ExpiresAt)}); extended {environment.ExtensionCount} time(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Approve(GlobalOptions globals, CliContext context) => Decide(globals, context, approve: true);

    public static Command Reject(GlobalOptions globals, CliContext context) => Decide(globals, context, approve: false);

    private static Command Decide(GlobalOptions globals, CliContext context, bool approve)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var reason = new Option<string>("--reason") { Description = approve ? "Why (recorded with the decision)" : "Why (required, recorded with the decision)", Required = !approve, HelpName = "TEXT" };
        var command = new Command(approve ? "approve" : "reject", approve
            ? "Approve what the environment waits for (its deploy, or an extension); project admins, never the one who asked"
            : "Reject what the environment waits for; the deploy fails with your reason, an extension is not applied") { project, name, reason };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var (p, n) = (parse.GetValue(project)!, parse.GetValue(name)!);
            var body = parse.GetValue(reason) is { } text ? new JsonObject { ["reason"] = text } : null;
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.SendAsync(HttpMethod.Post, ApiPaths.Action(p, n, approve ? "approve" : "reject"), body, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
                return ExitCodes.Ok;
            }

            var environment = response.Read<EnvironmentModel>();
            var subject = environment.Approval?.Subject == "extension" ? "extension" : "deploy";
            var next = (approve, subject) switch
            {
                (true, "deploy") => $"it starts now: envctl env show {p} {n}",
                (true, _) => $"it now expires {Display.Time(environment.ExpiresAt)}",
                (false, "deploy") => $"the environment failed with your reason; destroy it with envctl env destroy {p} {n}",
                _ => "the expiry stays as it was",
            };
            session.Console.WriteLine($"{(approve ? "Approved" : "Rejected")} the {subject} of {p}/{n}; {next}.");
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
