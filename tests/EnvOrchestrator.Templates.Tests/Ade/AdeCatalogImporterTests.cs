using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Templates.Ade;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Tests.Ade;

public sealed class AdeCatalogImporterTests
{
    [Fact(Timeout = 30_000)]
    public async Task ImportAsync_SampleCatalog_ImportsTerraformDefinitions()
    {
        var result = await AdeCatalogImporter.ImportAsync(RepositoryPaths.AdeSample, CancellationToken.None);

        Assert.Equal(["sandbox", "webapp"], result.Templates.Select(t => t.Template.Name).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportAsync_ArmDefinition_IsReportedAsUnsupported()
    {
        var result = await AdeCatalogImporter.ImportAsync(RepositoryPaths.AdeSample, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("FunctionAppArm/environment.yaml", 4, "runner", RuleIds.AdeUnsupportedRunner), (error.File, error.Line, error.Path, error.RuleId));
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportAsync_WebApp_MapsParametersToTypedInputs()
    {
        var result = await AdeCatalogImporter.ImportAsync(RepositoryPaths.AdeSample, CancellationToken.None);
        var webApp = Assert.Single(result.Templates, t => t.Template.Name == "webapp").Template;

        Assert.Equal(new SemVersion(1, 0, 0), webApp.Version);
        Assert.Equal("Azure Web App Environment", webApp.Description);
        Assert.True(webApp.FindInput("name")!.IsRequired);
        Assert.Equal(["F1", "B1", "P1v3"], webApp.FindInput("sku")!.Allowed.Select(v => v.ToString()));
        Assert.Equal(ValueKind.Number, webApp.FindInput("instance_count")!.Type);
        Assert.Equal(OverrideRule.NotAllowed, webApp.FindInput("always_on")!.Override);
        Assert.True(webApp.FindInput("admin_token")!.Sensitive);
        Assert.True(webApp.FindOutput("publish_token")!.Sensitive);
        Assert.False(webApp.FindOutput("url")!.Sensitive);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportAsync_ModuleOutputs_TypedFromTheirValueAndUntypedOnesExplained()
    {
        var result = await AdeCatalogImporter.ImportAsync(RepositoryPaths.AdeSample, CancellationToken.None);
        var webApp = Assert.Single(result.Templates, t => t.Template.Name == "webapp");
        var sandbox = Assert.Single(result.Templates, t => t.Template.Name == "sandbox");

        Assert.Equal(
            [("always_on", ValueKind.Bool), ("host_names", ValueKind.List), ("instances", ValueKind.Number), ("publish_token", ValueKind.String),
             ("settings", ValueKind.Object), ("slot_count", ValueKind.Number), ("url", ValueKind.String)],
            webApp.Template.Outputs.Select(o => (o.Name, o.Type)).OrderBy(o => o.Name, StringComparer.Ordinal));
        Assert.Empty(webApp.Notes);
        Assert.Equal(ValueKind.Any, sandbox.Template.FindOutput("id")!.Type);
        Assert.Equal("output 'id' is typed any: its value (terraform_data.sandbox.id) comes from a resource or an expression whose type needs the provider's schema", Assert.Single(sandbox.Notes));
    }

    [Fact(Timeout = 30_000)]
    public async Task ImportAsync_SandboxWithShortVersionAndNestedModule_Normalises()
    {
        var result = await AdeCatalogImporter.ImportAsync(RepositoryPaths.AdeSample, CancellationToken.None);
        var sandbox = Assert.Single(result.Templates, t => t.Template.Name == "sandbox").Template;

        Assert.Equal(new SemVersion(2, 1, 0), sandbox.Version);
        Assert.Equal("terraform", sandbox.Module);
        Assert.Equal(ValueKind.List, sandbox.FindInput("regions")!.Type);
        Assert.Equal(ValueKind.Object, sandbox.FindInput("tags")!.Type);
    }

    [Fact(Timeout = 60_000)]
    public async Task ToYaml_ImportedTemplates_LoadAsValidCatalogWithModuleCheck()
    {
        var imported = await AdeCatalogImporter.ImportAsync(RepositoryPaths.AdeSample, CancellationToken.None);
        var root = Path.Combine(Path.GetTempPath(), "envorch-ade-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var item in imported.Templates)
            {
                var folder = Path.Combine(root, item.Template.Name);
                Directory.CreateDirectory(folder);
                foreach (var tf in Directory.EnumerateFiles(item.ModuleDirectory, "*.tf"))
                {
                    File.Copy(tf, Path.Combine(folder, Path.GetFileName(tf)));
                }

                await File.WriteAllTextAsync(Path.Combine(folder, "template.yaml"), ResourceTemplateWriter.ToYaml(item.Template with { Module = "." }));
            }

            var loaded = await CatalogLoader.LoadDirectoryAsync(root, null, CancellationToken.None);

            Assert.True(loaded.IsValid, string.Join(Environment.NewLine, loaded.Errors));
            Assert.Equal(5, loaded.Catalog.ResourceTemplates.Single(t => t.Name == "webapp").Inputs.Length);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
