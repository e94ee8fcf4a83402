using EnvOrchestrator.Cli.Tests.Support;
using EnvOrchestrator.Testing;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary><c>envctl templates validate</c> offline, with the service's catalog loader.</summary>
public sealed class ValidateCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _broken = Directory.CreateTempSubdirectory("envctl-catalog-").FullName;

    [Fact(Timeout = 60_000)]
    public async Task Validate_DemoCatalog_ExitsZeroAndCounts()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("templates", "validate", Path.Combine(RepositoryPaths.Templates, "demo"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid (5 resource templates, 2 environment templates, 2 policies, 1 variable sets)", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact(Timeout = 60_000)]
    public async Task Validate_UnknownResourceTemplate_PrintsFileLineColumnAndExitsTwo()
    {
        WriteBrokenCatalog();
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("templates", "validate", _broken);

        Assert.Equal(2, result.ExitCode);
        var expected = $"{_broken}/environments/broken.yaml:9:7: spec.resources[0].template: reference.unknown-template: no resource template 'no-such-template'";
        Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        Assert.Contains(": 1 error(s).", result.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Validate_Json_ListsErrorsWithLocationAndRule()
    {
        WriteBrokenCatalog();
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("templates", "validate", _broken, "--output", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.False(result.Json.GetProperty("valid").GetBoolean());
        var error = Assert.Single(result.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal("environments/broken.yaml", error.GetProperty("file").GetString());
        Assert.Equal(9, error.GetProperty("line").GetInt32());
        Assert.Equal(7, error.GetProperty("column").GetInt32());
        Assert.Equal("reference.unknown-template", error.GetProperty("rule").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Validate_MissingFolder_ExitsTwoWithHint()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("templates", "validate", Path.Combine(_broken, "absent"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.Contains("hint:", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_broken, recursive: true);

    private void WriteBrokenCatalog()
    {
        Directory.CreateDirectory(Path.Combine(_broken, "environments"));
        File.WriteAllText(Path.Combine(_broken, "environments", "broken.yaml"), """
            apiVersion: envorch.io/v1
            kind: EnvironmentTemplate
            metadata:
              name: broken
              version: 1.0.0
            spec:
              resources:
                - name: ns
                  template: no-such-template@1.0.0
                  inputs:
                    name: "${environment.name}"
            """);
    }
}
