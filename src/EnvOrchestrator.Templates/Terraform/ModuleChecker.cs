using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Templates.Terraform;

/// <summary>
/// Checks that a resource template's declared contract matches its Terraform module: every input is a variable of
/// the same type, every variable without a default is an input (Terraform would fail otherwise), and the outputs are
/// exactly the module's outputs with the same sensitivity.
/// </summary>
internal static class ModuleChecker
{
    public static void Check(ResourceTemplate template, string rootDirectory, List<CatalogError> errors)
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
            return;
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
    }
}
