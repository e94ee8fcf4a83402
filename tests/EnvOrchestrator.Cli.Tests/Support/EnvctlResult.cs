using System.Text.Json;

namespace EnvOrchestrator.Cli.Tests.Support;

/// <summary>One envctl run: its exit code and what it wrote to stdout and stderr.</summary>
internal sealed record EnvctlResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement.Clone();

    public JsonElement ErrorJson => JsonDocument.Parse(Error).RootElement.Clone();

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Out}--- stderr ---{Environment.NewLine}{Error}";
}
