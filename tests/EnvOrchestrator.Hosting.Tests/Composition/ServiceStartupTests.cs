using EnvOrchestrator.Hosting.Composition;

namespace EnvOrchestrator.Hosting.Tests.Composition;

public sealed class ServiceStartupTests
{
    [Fact]
    public void FindCatalog_RelativePathFromProjectFolder_FindsItAtTheRepositoryRoot()
    {
        var project = Path.Combine(Testing.RepositoryPaths.Root, "src", "EnvOrchestrator.Server");

        var found = ServiceStartup.FindCatalog(Path.Combine("templates", "demo"), project);

        Assert.Equal(Path.Combine(Testing.RepositoryPaths.Templates, "demo"), found);
    }

    [Fact]
    public void FindCatalog_MissingFolder_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<StartupFailedException>(() => ServiceStartup.FindCatalog("no-such-catalog-folder", Path.GetTempPath()));

        Assert.Contains("EnvOrchestrator:CatalogPath", error.Message, StringComparison.Ordinal);
    }
}
