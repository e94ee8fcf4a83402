using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Create;

/// <summary>Every run records the catalog it was started from, so "which commit deployed this" has an answer.</summary>
public sealed class CatalogRevisionTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_CatalogFromGit_TheRunRecordsSourceAndCommit()
    {
        var revision = new CatalogRevision("https://git.example/platform/catalog.git@main", "3f2a9c1d00000000000000000000000000000000");
        await using var services = await UseCaseServices.CreateAsync(output, s => s.AddSingleton<ITemplateCatalogSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EnvironmentLifecycleOptions>>().Value;
            return new RevisionedSource(new DirectoryTemplateCatalogSource(options.Catalog, options.CatalogRoot), revision);
        }));

        var created = await services.Get<CreateEnvironmentHandler>().HandleAsync(
            new CreateEnvironmentCommand("team-a", "web", "short-lived", TestInputs.Of(), null, "alice"), CancellationToken.None);

        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.Equal(new CatalogView(revision.Source, revision.Commit), created.Value!.Run.Catalog);
        var stored = await services.Runs.FindAsync(EnvironmentId.Parse("team-a", "web"), RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Equal((revision.Source, revision.Commit), (stored!.CatalogSource, stored.CatalogCommit));
    }

    private sealed class RevisionedSource(DirectoryTemplateCatalogSource inner, CatalogRevision revision) : ITemplateCatalogSource
    {
        public TemplateCatalog Catalog => inner.Catalog;

        public CatalogRevision Revision => revision;

        public string ModuleDirectoryOf(ResourceTemplate resourceTemplate) => inner.ModuleDirectoryOf(resourceTemplate);
    }
}
