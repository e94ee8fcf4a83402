using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Templates.Terraform;

/// <summary>
/// Checks that a resource template's declared contract matches its Terraform module: every input is a variable of
/// the same type and, when the module declares it sensitive, sensitive too; every variable without a default is an input
/// (Terraform would fail otherwise), and the outputs are
/// exactly the module's outputs with the same sensitivity.
/// </summary>
internal static class ModuleChecker
{
    private const int MaxScannedModules = 64;

    /// <summary>Adds what disagrees to <paramref name="errors"/>; returns the resource types the module manages (null: unknown).</summary>
    public static ImmutableArray<string>? Check(ResourceTemplate template, string rootDirectory, List<CatalogError> errors)
    {
        var source = template.Source;
        void Error(string path, string rule, string message)
        {
            var position = source.Locate(path);
            errors.Add(new CatalogError(source.File, position.Line, position.Column, path, rule, message));
        }

        var templateDirectory = Path.GetDirectoryName(Path.Combine(rootDirectory, source.File)) ?? rootDirectory;
        var moduleDirectory = Path.GetFullPath(Path.Combine(templateDirectory, template.Module));
        if (!Directory.Exists(moduleDirectory) || !Directory.EnumerateFiles(moduleDirectory, "*.tf").Any())
        {
            Error("spec.module", RuleIds.ModuleMissing, $"no Terraform files in module folder '{template.Module}'");
            return null;
        }

        var module = TerraformModuleScanner.ScanDirectory(moduleDirectory);
        foreach (var input in template.Inputs)
        {
            var variable = module.Variables.FirstOrDefault(v => v.Name == input.Name);
            if (variable is null)
            {
                Error($"spec.inputs.{input.Name}", RuleIds.ModuleInputMismatch, $"the module has no variable \"{input.Name}\"");
            }
            else if (variable.Type is { } type && !ValueKindNames.IsAssignable(input.Type, type))
            {
                Error($"spec.inputs.{input.Name}", RuleIds.ModuleInputMismatch,
                    $"input is a {ValueKindNames.ToName(input.Type)} but variable \"{input.Name}\" is a {ValueKindNames.ToName(type)}");
            }
            else if (variable.Sensitive && !input.Sensitive)
            {
                // The runner redacts what it is told is sensitive: a secret the template calls plain would reach logs.
                Error($"spec.inputs.{input.Name}", RuleIds.ModuleInputMismatch,
                    $"variable \"{input.Name}\" is sensitive in the module but the input is not marked sensitive: true");
            }
        }

        foreach (var variable in module.Variables.Where(v => !v.HasDefault && template.FindInput(v.Name) is null))
        {
            Error("spec.inputs", RuleIds.ModuleInputMismatch, $"variable \"{variable.Name}\" has no default and is not an input of the template");
        }

        foreach (var output in template.Outputs)
        {
            var tf = module.Outputs.FirstOrDefault(o => o.Name == output.Name);
            if (tf is null)
            {
                Error($"spec.outputs.{output.Name}", RuleIds.ModuleOutputMismatch, $"the module has no output \"{output.Name}\"");
            }
            else if (tf.Sensitive != output.Sensitive)
            {
                Error($"spec.outputs.{output.Name}", RuleIds.ModuleOutputMismatch,
                    $"output \"{output.Name}\" is {(tf.Sensitive ? string.Empty : "not ")}sensitive in the module but {(output.Sensitive ? string.Empty : "not ")}in the template");
            }
        }

        foreach (var extra in module.Outputs.Where(o => template.FindOutput(o.Name) is null))
        {
            Error("spec.outputs", RuleIds.ModuleOutputMismatch, $"module output \"{extra.Name}\" is not declared in the template");
        }

        return ManagedResourceTypes(module, moduleDirectory, Path.GetFullPath(rootDirectory), []);
    }

    // Local submodules ("./x", "../x") inside the catalog are scanned too. Unknown (null) whenever the types cannot all
    // be seen: a module from elsewhere, a folder outside the catalog, JSON-syntax files (*.tf.json) the scanner does
    // not read, or more than MaxScannedModules folders.
    private static ImmutableArray<string>? ManagedResourceTypes(TerraformModule module, string directory, string catalogRoot, HashSet<string> visited)
    {
        visited.Add(directory);
        if (visited.Count > MaxScannedModules)
        {
            return null;
        }

        if (Directory.EnumerateFiles(directory, "*.tf.json").Any())
        {
            return null;
        }

        var types = new SortedSet<string>(module.ResourceTypes, StringComparer.Ordinal);
        foreach (var source in module.ModuleSources)
        {
            var local = source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal);
            var child = local ? Path.GetFullPath(Path.Combine(directory, source)) : null;
            if (child is null || !Directory.Exists(child)
                || !child.StartsWith(catalogRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return null;
            }

            if (visited.Contains(child))
            {
                // Already counted: the same submodule called twice (or a cycle Terraform would refuse anyway).
                continue;
            }

            var nested = ManagedResourceTypes(TerraformModuleScanner.ScanDirectory(child), child, catalogRoot, visited);
            if (nested is null)
            {
                return null;
            }

            types.UnionWith(nested);
        }

        return [.. types];
    }
}
