using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Tests.Rendering;

public sealed class ProgressViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_Deploying_ShowsEveryResourceWithStatusAndElapsedTime()
    {
        var time = new FakeTimeProvider(Start);
        using var writer = new StringWriter();
        var console = Console(writer);
        var view = new ProgressView(console, time);
        time.Advance(TimeSpan.FromSeconds(42));

        console.Write(view.Render(Environment("Deploying", ("ns", "Succeeded"), ("cache", "Applying"))));

        var text = writer.ToString();
        Assert.Contains("team-a/web Deploying (42s)", text, StringComparison.Ordinal);
        Assert.Matches(@"ns\s*[│|]\s*namespace@1\s*[│|]\s*-\s*[│|]\s*Succeeded", text);
        Assert.Matches(@"cache\s*[│|]\s*redis@1\s*[│|]\s*-\s*[│|]\s*Applying", text);
    }

    [Fact]
    public void WriteChanges_SamePollTwice_PrintsEachChangeOnce()
    {
        using var writer = new StringWriter();
        var view = new ProgressView(Console(writer), new FakeTimeProvider(Start));

        view.WriteChanges(Environment("Deploying", ("ns", "Applying")));
        view.WriteChanges(Environment("Deploying", ("ns", "Applying")));
        view.WriteChanges(Environment("Ready", ("ns", "Succeeded")));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[10..].TrimEnd()).ToList();
        Assert.Equal(["ns               Applying", "environment      Deploying", "ns               Succeeded", "environment      Ready"], lines);
    }

    private static IAnsiConsole Console(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 200;
        return console;
    }

    private static EnvironmentModel Environment(string status, params (string Name, string Status)[] resources) => new(
        "team-a", "web", "web-stack", "1.0.0", status, null,
        [.. resources.Select(r => new ResourceModel(r.Name, r.Name == "ns" ? "namespace@1" : "redis@1", null, r.Status, 0, null, null, null))],
        null, Start, Start, "alice", null, 0, "run-1", null, null);
}
