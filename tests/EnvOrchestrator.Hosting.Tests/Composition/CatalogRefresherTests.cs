using System.Diagnostics;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Hosting.Composition;
using EnvOrchestrator.Terraform;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Hosting.Tests.Composition;

/// <summary>
/// The service's catalog from a local Git repository built by the test (the demo catalog at tag v1): a new commit is
/// served after a refresh, with its modules on disk; a broken commit is reported and the previous catalog keeps serving.
/// </summary>
public sealed class CatalogRefresherTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("envorch-catalog-refresh-").FullName;

    private string Repository => Path.Combine(_root, "repo");

    private string WebStack => Path.Combine(Repository, "catalog", "environments", "web-stack.yaml");

    public async Task InitializeAsync()
    {
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), Path.Combine(Repository, "catalog"));
        await GitAsync("init", "--quiet", "--initial-branch=main");
        await GitAsync("config", "user.email", "test@example.com");
        await GitAsync("config", "user.name", "Test");
        await GitAsync("add", ".");
        await GitAsync("commit", "--quiet", "-m", "v1");
        await GitAsync("tag", "v1");
    }

    public Task DisposeAsync()
    {
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 120_000)]
    public async Task RefreshAsync_NewCommitThenBrokenCommit_ServesTheNewOneAndKeepsItWhenTheNextIsBroken()
    {
        var source = new LoadedCatalogSource();
        using var refresher = Refresher(source);
        var first = await refresher.RefreshAsync(CancellationToken.None);
        var v1 = await GitAsync("rev-parse", "v1");
        Assert.Empty(first.LastErrors);
        Assert.Equal((v1, $"{Repository}@main:catalog"), (first.Commit, first.Source));
        Assert.Equal(v1, source.Revision.Commit);
        Assert.Null(source.Catalog.FindEnvironmentTemplate("web-stack", new SemVersion(1, 1, 0)));

        // A new version of web-stack beside the old one, as a pull request would add it.
        var text = await File.ReadAllTextAsync(WebStack);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(WebStack)!, "web-stack-1.1.yaml"), text.Replace("version: 1.0.0", "version: 1.1.0", StringComparison.Ordinal));
        await GitAsync("add", ".");
        await GitAsync("commit", "--quiet", "-m", "web-stack 1.1.0");
        var second = await refresher.RefreshAsync(CancellationToken.None);
        var v11 = await GitAsync("rev-parse", "HEAD");

        Assert.Empty(second.LastErrors);
        Assert.Equal(v11, second.Commit);
        Assert.Equal(v11, source.Revision.Commit);
        Assert.NotNull(source.Catalog.FindEnvironmentTemplate("web-stack", new SemVersion(1, 1, 0)));
        var module = source.ModuleDirectoryOf(source.Catalog.ResourceTemplates[0]);
        Assert.True(File.Exists(Path.Combine(module, "main.tf")), module);
        Assert.StartsWith(Path.Combine(_root, "work", "catalogs", v11), module, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(WebStack)!, "broken.yaml"), "apiVersion: envorch.io/v1\nkind: EnvironmentTemplate\nmetadata: { name: broken, version: 1.0.0 }\nspec:\n  resources:\n    - name: x\n      template: nothing@1.0.0\n");
        await GitAsync("add", ".");
        await GitAsync("commit", "--quiet", "-m", "broken");
        var third = await refresher.RefreshAsync(CancellationToken.None);

        Assert.Contains(third.LastErrors, e => e.Contains("broken.yaml", StringComparison.Ordinal) && e.Contains("reference.unknown-template", StringComparison.Ordinal));
        Assert.Equal((v11, second.LoadedAt), (third.Commit, third.LoadedAt));
        Assert.Equal(v11, source.Revision.Commit);
        Assert.NotNull(source.Catalog.FindEnvironmentTemplate("web-stack", new SemVersion(1, 1, 0)));
        Assert.True(File.Exists(Path.Combine(module, "main.tf")));
    }

    [Fact(Timeout = 60_000)]
    public async Task RefreshAsync_UnknownRef_ReportsItWithoutServingAnything()
    {
        var source = new LoadedCatalogSource();
        using var refresher = Refresher(source, "no-such-branch");

        var status = await refresher.RefreshAsync(CancellationToken.None);

        Assert.Contains(status.LastErrors, e => e.Contains("source.ref-not-found", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => source.Catalog);
    }

    private CatalogRefresher Refresher(LoadedCatalogSource source, string gitRef = "main") => new(
        Options.Create(new ServiceOptions { CatalogRepository = Repository, CatalogRef = gitRef, CatalogFolder = "catalog" }),
        Options.Create(new TerraformRunnerOptions { WorkRoot = Path.Combine(_root, "work") }),
        source,
        new HostingEnvironment { ContentRootPath = _root },
        TimeProvider.System,
        NullLogger<CatalogRefresher>.Instance);

    private async Task<string> GitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output.Trim();
    }
}
