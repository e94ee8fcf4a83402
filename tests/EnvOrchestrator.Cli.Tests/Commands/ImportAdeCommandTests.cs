using EnvOrchestrator.Cli.Tests.Support;
using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Testing;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary><c>envctl templates import-ade</c> offline, on the Templates tests' sample ADE catalog (two Terraform definitions, one ARM).</summary>
public sealed class ImportAdeCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Sample = Path.Combine(RepositoryPaths.Root, "tests", "EnvOrchestrator.Templates.Tests", "Ade", "SampleCatalog");

    private readonly string _out = Path.Combine(Directory.CreateTempSubdirectory("envctl-ade-").FullName, "catalog");

    [Fact(Timeout = 60_000)]
    public async Task ImportAde_SampleCatalog_WritesAValidCatalogAndReportsWhatItCouldNotImport()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("templates", "import-ade", Sample, "--out", _out);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"imported webapp@1.0.0 -> {Path.Combine(_out, "resources", "webapp")} (5 inputs, 7 outputs)", result.Out, StringComparison.Ordinal);
        Assert.Contains("imported sandbox@2.1.0", result.Out, StringComparison.Ordinal);
        Assert.Contains("  note: output 'id' is typed any", result.Out, StringComparison.Ordinal);
        Assert.Contains("not imported: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("FunctionAppArm/environment.yaml", result.Out, StringComparison.Ordinal);
        Assert.Contains("2 imported, 1 not imported.", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("catalog error:", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_out, "resources", "webapp", "environment.yaml")));
        var loaded = await CatalogLoader.LoadDirectoryAsync(_out, null, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        Assert.Equal(["sandbox", "webapp"], loaded.Catalog.ResourceTemplates.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task ImportAde_IntoExistingTemplatesWithoutForce_ConflictThenForceOverwrites()
    {
        using var envctl = new Envctl(output, endpoint: null);
        await envctl.RunAsync("templates", "import-ade", Sample, "--out", _out);

        var again = await envctl.RunAsync("templates", "import-ade", Sample, "--out", _out);
        var forced = await envctl.RunAsync("templates", "import-ade", Sample, "--out", _out, "--force", "--output", "json");

        Assert.Equal(4, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(2, forced.ExitCode);
        var webApp = Assert.Single(forced.Json.GetProperty("imported").EnumerateArray(), t => t.GetProperty("name").GetString() == "webapp");
        Assert.Contains(webApp.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("name").GetString() == "instances" && o.GetProperty("type").GetString() == "number");
        Assert.Equal("ade.unsupported-runner", Assert.Single(forced.Json.GetProperty("notImported").EnumerateArray()).GetProperty("rule").GetString());
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_out)!, recursive: true);
}
