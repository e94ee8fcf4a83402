using EnvOrchestrator.Cli.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary>The command tree itself: help, usage errors, and a service that cannot be reached.</summary>
public sealed class EnvctlCommandTests(ITestOutputHelper output)
{
    [Fact(Timeout = 30_000)]
    public async Task Help_Root_ListsCommandsAndExitCodes()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("templates", result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Out, StringComparison.Ordinal);
        foreach (var code in new[] { "0", "1", "2", "3", "4", "5" })
        {
            Assert.Matches($@"(?m)^  {code}\s+\S", result.Out);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Help_Subcommand_ExitsZeroDespiteMissingArguments()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("env", "create", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--template", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Exit codes:", result.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Parse_MissingRequiredOption_ExitsTwo()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("env", "create", "team-a", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--template", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task TemplatesList_UnreachableEndpoint_ExitsFiveWithHint()
    {
        using var envctl = new Envctl(output, new Uri("http://127.0.0.1:1"));

        var result = await envctl.RunAsync("templates", "list");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("error: Cannot reach the service at http://127.0.0.1:1/", result.Error, StringComparison.Ordinal);
        Assert.Contains("hint: Start it", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task EnvShow_EndpointNotAUrl_ExitsTwo()
    {
        using var envctl = new Envctl(output, endpoint: null);

        var result = await envctl.RunAsync("env", "show", "team-a", "x", "--endpoint", "localhost-without-scheme");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not an http or https URL", result.Error, StringComparison.Ordinal);
    }
}
