using System.CommandLine;
using System.Text.Json.Nodes;
using EnvOrchestrator.Cli.Http;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl env create PROJECT NAME --template T@V</c>: POST …/environments (202), optionally waiting for Ready.</summary>
internal static class EnvCreateCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var template = new Option<string>("--template", "-t") { Description = "NAME or NAME@VERSION (envctl templates list)", Required = true, HelpName = "TEMPLATE" };
        var inputs = EnvCommand.Inputs();
        var inputsFile = EnvCommand.InputsFile();
        var ttl = new Option<string?>("--ttl") { Description = "Lifetime such as 4h or 90m (the template's default when omitted)", HelpName = "DURATION" };
        var wait = EnvCommand.Wait("the environment is Ready");
        var command = new Command("create", "Create an environment from a template") { project, name, template, inputs, inputsFile, ttl, wait };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["name"] = parse.GetValue(name),
                ["template"] = parse.GetValue(template),
            };
            if (await InputValues.ReadAsync(parse.GetValue(inputsFile), parse.GetValue(inputs) ?? [], cancellationToken) is { } values)
            {
                body["inputs"] = values;
            }

            if (parse.GetValue(ttl) is { } lifetime)
            {
                body["ttl"] = lifetime;
            }

            var api = await session.ApiAsync(cancellationToken);
            var response = await api.SendAsync(HttpMethod.Post, ApiPaths.Environments(parse.GetValue(project)!), body, cancellationToken);
            var operation = response.Read<OperationModel>();
            return await AcceptedOperation.ReportAsync(session, response, operation, parse.GetValue(wait), "Creating", cancellationToken);
        });
        return command;
    }
}
