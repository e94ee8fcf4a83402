using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Templates.Terraform;
using EnvOrchestrator.Templates.Yaml;

namespace EnvOrchestrator.Templates.Ade;

/// <summary>
/// Imports an Azure Deployment Environments catalog (folders with <c>environment.yaml</c> or <c>manifest.yaml</c>)
/// into resource templates. Only the Terraform runner is imported: ARM and Bicep definitions are reported, not
/// converted. Parameters become inputs; the module's <c>output</c> blocks become outputs (ADE manifests do not
/// declare outputs), and sensitivity is taken from the module because ADE parameters have no such flag.
/// </summary>
public static class AdeCatalogImporter
{
    private static readonly string[] ManifestNames = ["environment.yaml", "manifest.yaml"];

    public static async Task<AdeImportResult> ImportAsync(string catalogDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogDirectory);
        var root = Path.GetFullPath(catalogDirectory);
        var templates = ImmutableArray.CreateBuilder<AdeImportedTemplate>();
        var errors = new List<CatalogError>();
        var manifests = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Where(f => ManifestNames.Contains(Path.GetFileName(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            var relative = Path.GetRelativePath(root, manifest).Replace('\\', '/');
            if (new FileInfo(manifest).Length > YamlLimits.Default.MaxFileBytes)
            {
                errors.Add(new CatalogError(relative, 1, 1, string.Empty, RuleIds.FileTooLarge, "the manifest is too large"));
                continue;
            }

            var text = await File.ReadAllTextAsync(manifest, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            if (Import(relative, Path.GetDirectoryName(manifest)!, text, errors) is { } imported)
            {
                templates.Add(imported);
            }
        }

        return new AdeImportResult(templates.ToImmutable(), [.. errors]);
    }

    private static AdeImportedTemplate? Import(string file, string manifestDirectory, string text, List<CatalogError> errors)
    {
        var read = YamlReader.Read(text, YamlLimits.Default);
        foreach (var problem in read.Problems)
        {
            errors.Add(new CatalogError(file, problem.Position.Line, problem.Position.Column, problem.Path, problem.RuleId, problem.Message));
        }

        if (read.Documents.FirstOrDefault() is not { Root: YamlMapping manifest } document)
        {
            if (read.Problems.IsEmpty)
            {
                errors.Add(new CatalogError(file, 1, 1, string.Empty, RuleIds.AdeInvalidManifest, "the manifest must be a mapping"));
            }

            return null;
        }

        var source = new DocumentSource(file, document.Positions);
        void Error(string path, string rule, string message)
        {
            var position = source.Locate(path);
            errors.Add(new CatalogError(file, position.Line, position.Column, path, rule, message));
        }

        var runner = Text(manifest["runner"]);
        if (!string.Equals(runner, "Terraform", StringComparison.OrdinalIgnoreCase))
        {
            Error("runner", RuleIds.AdeUnsupportedRunner, $"runner '{runner ?? "(none)"}' is not imported; only Terraform definitions become resource templates");
            return null;
        }

        var name = Slug(Text(manifest["name"]) ?? string.Empty);
        var templatePath = Text(manifest["templatePath"]);
        if (name.Length == 0 || templatePath is null)
        {
            Error(string.Empty, RuleIds.AdeInvalidManifest, "a manifest needs a name and a templatePath");
            return null;
        }

        var version = ParseVersion(Text(manifest["version"]));
        if (version is null)
        {
            Error("version", RuleIds.AdeInvalidManifest, $"version '{Text(manifest["version"])}' is not MAJOR[.MINOR[.PATCH]]");
            return null;
        }

        var moduleDirectory = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(manifestDirectory, templatePath)))!;
        if (!Directory.Exists(moduleDirectory) || !Directory.EnumerateFiles(moduleDirectory, "*.tf").Any())
        {
            Error("templatePath", RuleIds.ModuleMissing, $"no Terraform files beside '{templatePath}'");
            return null;
        }

        var module = TerraformModuleScanner.ScanDirectory(moduleDirectory);
        var inputs = ImmutableArray.CreateBuilder<InputDefinition>();
        var parameters = manifest["parameters"] is YamlSequence sequence ? sequence.Items : [];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (Parameter(parameters[i], $"parameters[{i}]", module, Error) is { } input)
            {
                inputs.Add(input);
            }
        }

        var template = new ResourceTemplate(name, version.Value)
        {
            Description = Text(manifest["summary"]) ?? Text(manifest["description"]),
            Module = Path.GetRelativePath(manifestDirectory, moduleDirectory).Replace('\\', '/'),
            Inputs = inputs.ToImmutable(),
            Outputs = [.. module.Outputs.Select(o => new OutputDefinition(o.Name, OutputTypeInference.Infer(o.ValueText, module.Variables).Type) { Sensitive = o.Sensitive, Description = o.Description })],
            Source = source,
        };
        var notes = module.Outputs
            .Select(o => (o.Name, OutputTypeInference.Infer(o.ValueText, module.Variables).Reason))
            .Where(o => o.Reason is not null)
            .Select(o => $"output '{o.Name}' is typed any: {o.Reason}")
            .ToImmutableArray();
        return new AdeImportedTemplate(template, file, moduleDirectory) { Notes = notes };
    }

    private static InputDefinition? Parameter(YamlNode node, string path, TerraformModule module, Action<string, string, string> error)
    {
        if (node is not YamlMapping map || Text(map["id"]) is not { } id)
        {
            error(path, RuleIds.AdeInvalidManifest, "a parameter needs an id");
            return null;
        }

        var variable = module.Variables.FirstOrDefault(v => v.Name == id);
        var typeText = Text(map["type"]);
        ValueKind? type = typeText switch
        {
            "string" => ValueKind.String,
            "number" or "integer" => ValueKind.Number,
            "boolean" => ValueKind.Bool,
            "array" => ValueKind.List,
            "object" => ValueKind.Object,
            null => variable?.Type ?? ValueKind.Any,
            _ => null,
        };
        if (type is null)
        {
            error(path + ".type", RuleIds.AdeInvalidManifest, $"unknown parameter type '{typeText}'");
            return null;
        }

        var readOnly = map["readOnly"] is YamlScalar r && YamlConversions.ToValue(r) is BoolValue { Value: true };
        var defaultValue = map["default"] is { } d ? YamlConversions.ToValue(d) : null;
        return new InputDefinition(id, type.Value)
        {
            Description = Text(map["description"]) ?? Text(map["name"]),
            Default = defaultValue,
            Required = map["required"] is YamlScalar req && YamlConversions.ToValue(req) is BoolValue { Value: true } || (defaultValue is null && variable is { HasDefault: false }),
            Allowed = map["allowed"] is YamlSequence allowed ? [.. allowed.Items.Select(YamlConversions.ToValue)] : [],
            Sensitive = variable?.Sensitive ?? false,
            Override = readOnly && defaultValue is not null ? OverrideRule.NotAllowed : OverrideRule.Allowed,
        };
    }

    private static SemVersion? ParseVersion(string? text)
    {
        if (text is null)
        {
            return new SemVersion(1, 0, 0);
        }

        var parts = text.Split('.');
        if (parts.Length is < 1 or > 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return SemVersion.TryParse(text, out var exact) ? exact : null;
        }

        var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Concat([0, 0]).ToArray();
        return new SemVersion(numbers[0], numbers[1], numbers[2]);
    }

    // ADE names are display names ("WebApp", "My Sandbox"); catalog names are lowercase words joined by '-'.
    private static string Slug(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Trim())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length > 0 && char.IsAsciiLetter(slug[0]) ? slug : slug.Length > 0 ? "ade-" + slug : slug;
    }

    private static string? Text(YamlNode? node) => node is YamlScalar { Text.Length: > 0 } s ? s.Text : null;
}
