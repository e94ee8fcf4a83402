using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Templates.Yaml;

namespace EnvOrchestrator.Templates.Tests.BadInputs;

/// <summary>
/// Each file under BadInputs/ is loaded together with the valid templates of BadInputs/_base/ and must produce
/// exactly the errors listed in its header, each at the stated path and line with the stated rule.
/// </summary>
public sealed class BadInputCorpusTests
{
    // Small enough that the corpus's huge-file case stays small in the repository.
    private static readonly CatalogLoadOptions Options = new() { Limits = YamlLimits.Default with { MaxFileBytes = 16 * 1024 } };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.BadInputs, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Cases))]
    public async Task Load_BadInput_ReportsExactlyTheExpectedErrors(string fileName)
    {
        var badCase = BadInputCase.Read(Path.Combine(RepositoryPaths.BadInputs, fileName));
        var files = BaseFiles().Append(new CatalogFile(badCase.FileName, badCase.Content));

        var result = await CatalogLoader.LoadFilesAsync(files, Options, CancellationToken.None);

        Assert.NotEmpty(badCase.Expected);
        Assert.All(result.Errors, e => Assert.Equal(badCase.FileName, e.File));
        var actual = result.Errors.Select(e => new ExpectedError(e.Path, e.Line, e.RuleId).ToString()).Order(StringComparer.Ordinal);
        var expected = badCase.Expected.Select(e => e.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));
    }

    [Fact]
    public void Corpus_HasAtLeastSixtyCases()
    {
        var count = Cases().Count;

        Assert.True(count >= 60, $"only {count} bad-input cases");
    }

    [Fact(Timeout = 30_000)]
    public async Task Load_BaseFilesAlone_AreValid()
    {
        var result = await CatalogLoader.LoadFilesAsync(BaseFiles(), Options, CancellationToken.None);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(5, result.Catalog.ResourceTemplates.Length);
    }

    private static IEnumerable<CatalogFile> BaseFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.BadInputs, "_base"), "*.yaml")
            .Select(f => new CatalogFile("_base/" + Path.GetFileName(f), File.ReadAllText(f)));
}
