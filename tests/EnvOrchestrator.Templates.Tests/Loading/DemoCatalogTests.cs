using EnvOrchestrator.Core.Graph;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Tests.Loading;

public sealed class DemoCatalogTests
{
    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_DemoCatalog_HasNoErrors()
    {
        var result = await CatalogLoader.LoadDirectoryAsync(RepositoryPaths.DemoCatalog, null, CancellationToken.None);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(5, result.Catalog.ResourceTemplates.Length);
        Assert.Equal(2, result.Catalog.EnvironmentTemplates.Length);
        Assert.Equal(2, result.Catalog.Policies.Length);
        Assert.Single(result.Catalog.VariableSets);
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_WebStack_HasThreeWavesWithParallelSiblings()
    {
        var result = await CatalogLoader.LoadDirectoryAsync(RepositoryPaths.DemoCatalog, null, CancellationToken.None);
        var webStack = Assert.Single(result.Catalog.EnvironmentTemplates, t => t.Name == "web-stack");

        var order = EnvironmentGraph.Build(webStack).Order();

        Assert.False(order.HasCycle);
        Assert.Equal(["network"], order.Waves[0].AsEnumerable());
        Assert.Equal(["bucket", "cache", "queue"], order.Waves[1].AsEnumerable());
        Assert.Equal(["frontend"], order.Waves[2].AsEnumerable());
        Assert.Equal(["frontend", "bucket", "cache", "queue", "network"], order.DestroyOrder.AsEnumerable());
    }
}
