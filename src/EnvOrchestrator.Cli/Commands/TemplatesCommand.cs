using System.CommandLine;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl templates list|show|validate</c>: the service's catalog, and an offline check of a catalog folder.</summary>
internal static class TemplatesCommand
{
    public static Command Create(GlobalOptions globals, CliContext context) =>
        new("templates", "The environment templates you can create environments from")
        {
            List(globals, context),
            Show(globals, context),
            ValidateCommand.Create(globals, context),
            ImportAdeCommand.Create(globals, context),
        };

    private static Command List(GlobalOptions globals, CliContext context)
    {
        var project = ProjectFilter();
        var command = new Command("list", "List the environment templates (those shared with --project only, when given)") { project };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.GetAsync(ApiPaths.WithQuery(ApiPaths.Templates, ("project", parse.GetValue(project))), cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
            }
            else
            {
                TemplateRenderer.List(session.Console, response.Read<List<TemplateSummaryModel>>());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(GlobalOptions globals, CliContext context)
    {
        var template = new Argument<string>("TEMPLATE") { Description = "NAME or NAME@VERSION (the newest version when omitted)" };
        var project = ProjectFilter();
        var command = new Command("show", "Show a template's inputs (type, default, rules), resources, outputs and lifetime") { template, project };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var text = parse.GetValue(template)!;
            var at = text.IndexOf('@', StringComparison.Ordinal);
            var (name, version) = at < 0 ? (text, null) : (text[..at], text[(at + 1)..]);
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.GetAsync(ApiPaths.WithQuery(ApiPaths.Template(name), ("version", version), ("project", parse.GetValue(project))), cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
            }
            else
            {
                TemplateRenderer.Show(session.Console, response.Read<TemplateDetailsModel>());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> ProjectFilter() => new("--project") { Description = "Only templates shared with this project", HelpName = "PROJECT" };
}
