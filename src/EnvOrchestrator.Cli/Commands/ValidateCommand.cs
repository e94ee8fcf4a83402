using System.CommandLine;
using System.Text.Json;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>
/// <c>envctl templates validate FOLDER</c>: loads a catalog folder offline with the service's own loader, so it finds
/// exactly the errors the service would refuse to start with, each as <c>file:line:col: path: rule: message</c>.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var folder = new Argument<string>("FOLDER") { Description = "A catalog folder (YAML templates, policies, variable sets and their modules)" };
        var command = new Command("validate", "Check a catalog folder offline, with the same rules and errors as the service") { folder };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var given = parse.GetValue(folder)!;
            if (!Directory.Exists(given))
            {
                throw new CliException(ExitCodes.Invalid, $"The folder {given} does not exist.", "Give the catalog's folder, e.g. envctl templates validate templates/demo.");
            }

            var loaded = await CatalogLoader.LoadDirectoryAsync(given, null, cancellationToken);
            var catalog = loaded.Catalog;
            if (session.Json)
            {
                session.WriteJson(JsonSerializer.Serialize(new
                {
                    folder = loaded.RootDirectory,
                    valid = loaded.IsValid,
                    resourceTemplates = catalog.ResourceTemplates.Length,
                    environmentTemplates = catalog.EnvironmentTemplates.Length,
                    policies = catalog.Policies.Length,
                    variableSets = catalog.VariableSets.Length,
                    errors = loaded.Errors.Select(e => new { file = e.File, line = e.Line, column = e.Column, path = e.Path, rule = e.RuleId, message = e.Message }),
                }, ApiJson.Output));
            }
            else
            {
                foreach (var error in loaded.Errors)
                {
                    // Prefixed with the folder as given, so the location opens from where envctl ran.
                    session.Context.Out.WriteLine(error with { File = Path.Join(given, error.File).Replace('\\', '/') });
                }

                session.Context.Out.WriteLine(loaded.IsValid
                    ? $"{given}: valid ({catalog.ResourceTemplates.Length} resource templates, {catalog.EnvironmentTemplates.Length} environment templates, {catalog.Policies.Length} policies, {catalog.VariableSets.Length} variable sets)."
                    : $"{given}: {loaded.Errors.Length} error(s).");
            }

            return loaded.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
