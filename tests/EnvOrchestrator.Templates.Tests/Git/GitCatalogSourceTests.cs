using System.Diagnostics;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Git;

namespace EnvOrchestrator.Templates.Tests.Git;

/// <summary>Loads catalogs from a local repository built by the test: a tag, a commit and branches.</summary>
public sealed class GitCatalogSourceTests : IAsyncLifetime
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "envorch-gitsrc-" + Guid.NewGuid().ToString("N"));
    private string _firstCommit = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_repository);
        await GitAsync("init", "--quiet", "--initial-branch=main");
        await GitAsync("config", "user.email", "test@example.com");
        await GitAsync("config", "user.name", "Test");
        await WriteTemplateAsync("1.0.0");
        await GitAsync("add", ".");
        await GitAsync("commit", "--quiet", "-m", "v1");
        _firstCommit = await GitAsync("rev-parse", "HEAD");
        await GitAsync("tag", "v1");
        await WriteTemplateAsync("1.1.0");
        await GitAsync("commit", "--quiet", "-am", "v1.1");
        await GitAsync("checkout", "--quiet", "-b", "broken");
        await File.WriteAllTextAsync(Path.Combine(_repository, "catalog", "bad.yaml"), "apiVersion: envorch.io/v1\nkind: Gadget\n");
        await GitAsync("add", ".");
        await GitAsync("commit", "--quiet", "-m", "broken");
        await GitAsync("checkout", "--quiet", "main");
    }

    public Task DisposeAsync()
    {
        foreach (var file in Directory.EnumerateFiles(_repository, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(_repository, recursive: true);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task LoadAsync_Tag_LoadsTaggedVersion()
    {
        var loaded = await GitCatalogSource.LoadAsync(new GitCatalogLocation(_repository, "v1") { Folder = "catalog" }, null, CancellationToken.None);

        Assert.True(loaded.Result.IsValid, string.Join("\n", loaded.Result.Errors));
        Assert.Equal("1.0.0", Assert.Single(loaded.Result.Catalog.ResourceTemplates).Version.ToString());
        Assert.Equal(_firstCommit, loaded.Commit);
    }

    [Fact(Timeout = 60_000)]
    public async Task LoadAsync_Branch_LoadsBranchHead()
    {
        var loaded = await GitCatalogSource.LoadAsync(new GitCatalogLocation(_repository, "main") { Folder = "catalog" }, null, CancellationToken.None);

        Assert.Equal("1.1.0", Assert.Single(loaded.Result.Catalog.ResourceTemplates).Version.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task LoadAsync_CommitSha_LoadsThatCommit()
    {
        var loaded = await GitCatalogSource.LoadAsync(new GitCatalogLocation(_repository, _firstCommit) { Folder = "catalog" }, null, CancellationToken.None);

        Assert.Equal("1.0.0", Assert.Single(loaded.Result.Catalog.ResourceTemplates).Version.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task LoadAsync_BrokenBranch_ReportsErrorsWithRepositoryRelativeFiles()
    {
        var loaded = await GitCatalogSource.LoadAsync(new GitCatalogLocation(_repository, "broken"), null, CancellationToken.None);

        var error = Assert.Single(loaded.Result.Errors);
        Assert.Equal(("catalog/bad.yaml", 2, RuleIds.DocumentKind), (error.File, error.Line, error.RuleId));
    }

    [Fact(Timeout = 60_000)]
    public async Task LoadAsync_UnknownRef_ReportsRefNotFound()
    {
        var loaded = await GitCatalogSource.LoadAsync(new GitCatalogLocation(_repository, "no-such-branch"), null, CancellationToken.None);

        Assert.Equal(RuleIds.GitRefNotFound, Assert.Single(loaded.Result.Errors).RuleId);
        Assert.Null(loaded.Commit);
    }

    [Fact(Timeout = 60_000)]
    public async Task LoadAsync_RefLookingLikeOption_IsRejected()
    {
        var loaded = await GitCatalogSource.LoadAsync(new GitCatalogLocation(_repository, "--upload-pack=touch /tmp/x"), null, CancellationToken.None);

        Assert.Equal(RuleIds.GitRefNotFound, Assert.Single(loaded.Result.Errors).RuleId);
    }

    private async Task WriteTemplateAsync(string version)
    {
        var folder = Path.Combine(_repository, "catalog", "thing");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "template.yaml"), $"""
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: {"{"} name: thing, version: {version} {"}"}
            spec:
              outputs:
                id: {"{"} type: string {"}"}
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "main.tf"), """
            output "id" {
              value = "x"
            }
            """);
    }

    private async Task<string> GitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repository, RedirectStandardOutput = true, RedirectStandardError = true };
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
