using CliWrap;
using CliWrap.Buffered;
using EnvOrchestrator.Integrations.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Integrations.Tests.GitHubAction;

/// <summary>The action's own unit tests (Node's test runner, a fake service in process), so <c>dotnet test</c> covers them.</summary>
public sealed class NodeUnitTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task NodeTestRunner_ActionUnitTests_AllPass()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(55));

        var result = await Cli.Wrap("node")
            .WithArguments(["--test", "--test-reporter=tap", "test/"])
            .WithWorkingDirectory(ActionRunner.ActionFolder)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cts.Token);
        output.WriteLine(result.StandardOutput + result.StandardError);

        Assert.True(result.ExitCode == 0, $"node --test exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Matches(@"# pass [1-9]\d*", result.StandardOutput);
        Assert.Contains("# fail 0", result.StandardOutput, StringComparison.Ordinal);
    }
}
