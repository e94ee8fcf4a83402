using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Tests.Terraform;

/// <summary>
/// The catalog checker: the shipped catalogs load without errors, which includes comparing every template's inputs
/// and outputs with its module's variable and output blocks; the demo modules also pass <c>terraform validate</c>.
/// </summary>
public sealed class CatalogModuleTests
{
    public static TheoryData<string> DemoModules()
    {
        var data = new TheoryData<string>();
        foreach (var module in Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.DemoCatalog, "resources")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(module));
        }

        return data;
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_AzureCatalog_HasNoErrors()
    {
        var result = await CatalogLoader.LoadDirectoryAsync(RepositoryPaths.AzureCatalog, null, CancellationToken.None);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(6, result.Catalog.ResourceTemplates.Length);
        Assert.Single(result.Catalog.EnvironmentTemplates);
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(DemoModules))]
    public async Task TerraformValidate_DemoModule_Succeeds(string module)
    {
        var work = Path.Combine(Path.GetTempPath(), "envorch-validate-" + Guid.NewGuid().ToString("N"));
        TerraformCli.CopyDirectory(Path.Combine(RepositoryPaths.DemoCatalog, "resources", module), work);
        try
        {
            var init = await TerraformCli.RunAsync(work, "init", "-backend=false", "-input=false", "-no-color");
            var validate = await TerraformCli.RunAsync(work, "validate", "-no-color");

            Assert.True(init.ExitCode == 0, init.Output);
            Assert.True(validate.ExitCode == 0, validate.Output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task TerraformFmt_AzureModules_ParseAndAreFormatted()
    {
        // The azurerm provider cannot be downloaded here, so validate is impossible; fmt parses every file.
        var result = await TerraformCli.RunAsync(Path.Combine(RepositoryPaths.AzureCatalog, "resources"), "fmt", "-check", "-recursive", "-no-color");

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_ModuleDisagreesWithTemplate_ReportsEachMismatch()
    {
        var root = Path.Combine(Path.GetTempPath(), "envorch-module-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "thing"));
        await File.WriteAllTextAsync(Path.Combine(root, "thing", "template.yaml"), """
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: { name: thing, version: 1.0.0 }
            spec:
              inputs:
                name: { type: string }
                size: { type: string }
                extra: { type: bool }
                token: { type: string }
              outputs:
                id: { type: string }
                key: { type: string }
            """);
        await File.WriteAllTextAsync(Path.Combine(root, "thing", "main.tf"), """
            variable "name" {
              type = string
            }

            variable "size" {
              type = number
            }

            variable "zone" {
              type = string
            }

            variable "token" {
              type      = string
              sensitive = true
            }

            output "id" {
              value = "x"
            }

            output "key" {
              value     = "y"
              sensitive = true
            }

            output "spare" {
              value = "z"
            }
            """);
        try
        {
            var result = await CatalogLoader.LoadDirectoryAsync(root, null, CancellationToken.None);

            var found = result.Errors.Select(e => $"{e.Path} {e.RuleId}").ToList();
            Assert.Equal(
                [
                    $"spec.inputs {RuleIds.ModuleInputMismatch}",
                    $"spec.inputs.extra {RuleIds.ModuleInputMismatch}",
                    $"spec.inputs.size {RuleIds.ModuleInputMismatch}",
                    $"spec.inputs.token {RuleIds.ModuleInputMismatch}",
                    $"spec.outputs {RuleIds.ModuleOutputMismatch}",
                    $"spec.outputs.key {RuleIds.ModuleOutputMismatch}",
                ],
                found.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_MissingModuleFolder_ReportsModuleMissing()
    {
        var root = Path.Combine(Path.GetTempPath(), "envorch-module-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "t.yaml"), """
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: { name: lonely, version: 1.0.0 }
            spec:
              module: ./nowhere
            """);
        try
        {
            var result = await CatalogLoader.LoadDirectoryAsync(root, null, CancellationToken.None);

            var error = Assert.Single(result.Errors);
            Assert.Equal((RuleIds.ModuleMissing, "spec.module", 5), (error.RuleId, error.Path, error.Line));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
