using System.CommandLine;
using System.Text.Json;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Templates.Ade;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>
/// <c>envctl templates import-ade SOURCE --out FOLDER</c>: turns an Azure Deployment Environments catalog into resource
/// templates offline — each definition's folder (its Terraform module) copied to <c>FOLDER/resources/{name}</c> with a
/// <c>template.yaml</c> beside it — then loads the result with the service's loader, so what is written is known to be
/// a valid catalog. Definitions that cannot be imported (ARM, Bicep, broken manifests) and outputs whose type cannot be
/// known offline are reported.
/// </summary>
internal static class ImportAdeCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var source = new Argument<string>("SOURCE") { Description = "The ADE catalog folder (definitions with environment.yaml or manifest.yaml)" };
        var output = new Option<string>("--out") { Description = "The catalog folder to write resource templates into", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite templates already in the output folder" };
        var command = new Command("import-ade", "Import an Azure Deployment Environments catalog as resource templates (offline)") { source, output, force };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var from = parse.GetValue(source)!;
            var to = parse.GetValue(output)!;
            if (!Directory.Exists(from))
            {
                throw new CliException(ExitCodes.Invalid, $"The folder {from} does not exist.", "Give the ADE catalog's folder, e.g. envctl templates import-ade ./Environments --out catalog.");
            }

            var imported = await AdeCatalogImporter.ImportAsync(from, cancellationToken);
            var written = new List<(AdeImportedTemplate Imported, string Folder)>();
            foreach (var template in imported.Templates)
            {
                var folder = Path.Combine(to, "resources", template.Template.Name);
                var file = Path.Combine(folder, "template.yaml");
                if (File.Exists(file) && !parse.GetValue(force))
                {
                    throw new CliException(ExitCodes.Conflict, $"{file} exists already.", "Pass --force to overwrite it, or choose another --out folder.");
                }

                CopyDefinition(Path.GetDirectoryName(Path.Combine(Path.GetFullPath(from), template.ManifestFile))!, folder);
                await File.WriteAllTextAsync(file, ResourceTemplateWriter.ToYaml(template.Template), cancellationToken);
                written.Add((template, folder));
            }

            var loaded = written.Count > 0 ? await CatalogLoader.LoadDirectoryAsync(to, null, cancellationToken) : null;
            var valid = imported.Errors.IsEmpty && loaded?.IsValid != false;
            if (session.Json)
            {
                session.WriteJson(JsonSerializer.Serialize(new
                {
                    output = to,
                    imported = written.Select(w => new
                    {
                        name = w.Imported.Template.Name,
                        version = w.Imported.Template.Version.ToString(),
                        folder = w.Folder,
                        inputs = w.Imported.Template.Inputs.Length,
                        outputs = w.Imported.Template.Outputs.Select(o => new { name = o.Name, type = o.Type.ToString().ToLowerInvariant(), sensitive = o.Sensitive }),
                        notes = w.Imported.Notes,
                    }),
                    notImported = imported.Errors.Select(e => new { file = e.File, line = e.Line, column = e.Column, path = e.Path, rule = e.RuleId, message = e.Message }),
                    catalogErrors = loaded?.Errors.Select(e => e.ToString()) ?? [],
                }, ApiJson.Output));
            }
            else
            {
                foreach (var (template, folder) in written)
                {
                    session.Context.Out.WriteLine($"imported {template.Template} -> {folder} ({template.Template.Inputs.Length} inputs, {template.Template.Outputs.Length} outputs)");
                    foreach (var note in template.Notes)
                    {
                        session.Context.Out.WriteLine($"  note: {note}");
                    }
                }

                foreach (var error in imported.Errors)
                {
                    session.Context.Out.WriteLine($"not imported: {error with { File = Path.Join(from, error.File).Replace('\\', '/') }}");
                }

                foreach (var error in loaded?.Errors ?? [])
                {
                    session.Context.Out.WriteLine($"catalog error: {error with { File = Path.Join(to, error.File).Replace('\\', '/') }}");
                }

                session.Context.Out.WriteLine($"{written.Count} imported, {imported.Errors.Select(e => e.File).Distinct().Count()} not imported.");
            }

            return valid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    /// <summary>The definition's files (its module) without its ADE manifest, which the catalog does not read.</summary>
    private static void CopyDefinition(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative is "environment.yaml" or "manifest.yaml" || relative.Split(Path.DirectorySeparatorChar).Any(p => p is ".terraform" or ".git"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
