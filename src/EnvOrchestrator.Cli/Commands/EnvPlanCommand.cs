using System.CommandLine;
using System.Text.Json.Nodes;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl env plan PROJECT NAME</c>: what an update with these inputs or version would change (nothing is applied).</summary>
internal static class EnvPlanCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var inputs = EnvCommand.Inputs();
        var inputsFile = EnvCommand.InputsFile();
        var version = new Option<string?>("--template-version") { Description = "Plan a move to this template version", HelpName = "VERSION" };
        var command = new Command("plan", "Show what changing inputs or template version would do (what-if; nothing is applied)") { project, name, inputs, inputsFile, version };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var values = await InputValues.ReadAsync(parse.GetValue(inputsFile), parse.GetValue(inputs) ?? [], cancellationToken);
            var templateVersion = parse.GetValue(version);

            // The service plans with the current inputs and version when there is no body at all.
            JsonObject? body = values is null && templateVersion is null ? null : new JsonObject { ["inputs"] = values, ["templateVersion"] = templateVersion };
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.SendAsync(HttpMethod.Post, ApiPaths.Action(parse.GetValue(project)!, parse.GetValue(name)!, "plan"), body, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
            }
            else
            {
                EnvironmentRenderer.Plan(session.Console, response.Read<PlanModel>());
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
