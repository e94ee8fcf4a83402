using System.Collections.Immutable;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Tests.Terraform;

/// <summary>The resource types a module can create, found when the catalog loads (null when they cannot be known).</summary>
public sealed class ManagedResourceTypesTests
{
    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_ShippedCatalogs_TypesOfEachModule()
    {
        var azure = await CatalogLoader.LoadDirectoryAsync(RepositoryPaths.AzureCatalog, null, CancellationToken.None);
        var demo = await CatalogLoader.LoadDirectoryAsync(RepositoryPaths.DemoCatalog, null, CancellationToken.None);

        var aks = azure.Catalog.ResourceTemplates.Single(t => t.Name == "azure-aks-cluster");
        Assert.Contains("azurerm_kubernetes_cluster", aks.ManagedResourceTypes!.Value);
        Assert.All(demo.Catalog.ResourceTemplates, t => Assert.Equal(["terraform_data"], t.ManagedResourceTypes!.Value.ToArray()));
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_LocalSubmodulesScannedOtherwiseUnknown()
    {
        var root = Directory.CreateTempSubdirectory("envorch-types-").FullName;
        try
        {
            await WriteTemplateAsync(root, "local-parts", """
                module "part" {
                  source = "./parts"
                }

                resource "terraform_data" "top" {
                  input = "x"
                }
                """);
            Directory.CreateDirectory(Path.Combine(root, "local-parts", "parts"));
            await File.WriteAllTextAsync(Path.Combine(root, "local-parts", "parts", "main.tf"), """
                resource "azurerm_redis_cache" "cache" {
                  name = "c"
                }
                """);
            await WriteTemplateAsync(root, "remote-parts", """
                module "net" {
                  source  = "Azure/network/azurerm"
                  version = "5.0.0"
                }
                """);

            await WriteTemplateAsync(root, "json-parts", """
                  resource terraform_data "indented" {
                    input = "x"
                  }
                """);
            await File.WriteAllTextAsync(Path.Combine(root, "json-parts", "extra.tf.json"), """{"resource":{"azurerm_kubernetes_cluster":{"k":{}}}}""");
            await WriteTemplateAsync(root, "outside", """
                module "escape" {
                  source = "../../elsewhere"
                }
                """);
            await WriteTemplateAsync(root, "twice", """
                module "a" {
                  source = "./parts"
                }

                module "b" {
                  source = "./parts/"
                }
                """);
            Directory.CreateDirectory(Path.Combine(root, "twice", "parts"));
            await File.WriteAllTextAsync(Path.Combine(root, "twice", "parts", "main.tf"), "resource \"terraform_data\" \"p\" {\n}\n");

            var result = await CatalogLoader.LoadDirectoryAsync(root, null, CancellationToken.None);

            Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
            ImmutableArray<string>? TypesOf(string name) => result.Catalog.ResourceTemplates.Single(t => t.Name == name).ManagedResourceTypes;
            Assert.Equal(["azurerm_redis_cache", "terraform_data"], TypesOf("local-parts")!.Value.ToArray());
            Assert.Null(TypesOf("remote-parts"));
            Assert.Null(TypesOf("json-parts"));
            Assert.Null(TypesOf("outside"));
            Assert.Equal(["terraform_data"], TypesOf("twice")!.Value.ToArray());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WriteTemplateAsync(string root, string name, string terraform)
    {
        Directory.CreateDirectory(Path.Combine(root, name));
        await File.WriteAllTextAsync(Path.Combine(root, name, "main.tf"), terraform);
        await File.WriteAllTextAsync(Path.Combine(root, name, "template.yaml"), $$"""
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: { name: {{name}}, version: 1.0.0 }
            spec: {}
            """);
    }
}
