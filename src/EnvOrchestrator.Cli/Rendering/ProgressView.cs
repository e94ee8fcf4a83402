using System.Globalization;
using EnvOrchestrator.Cli.Http;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EnvOrchestrator.Cli.Rendering;

/// <summary>
/// Shows a run's progress while <c>--wait</c> polls: a live per-resource table at a terminal, otherwise one line per
/// status change (readable in CI logs and pipes, where redrawing would only add noise).
/// </summary>
internal sealed class ProgressView(IAnsiConsole console, TimeProvider time)
{
    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public bool Live => console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;

    public IRenderable Render(EnvironmentModel environment)
    {
        var elapsed = Display.Duration(time.GetUtcNow() - _started);
        var heading = new Markup($"[bold]{Markup.Escape(environment.Project)}/{Markup.Escape(environment.Name)}[/] {EnvironmentRenderer.StatusMarkup(environment.Status)} [dim]({elapsed})[/]");
        return new Rows(heading, EnvironmentRenderer.Resources(environment.Resources ?? [], time.GetUtcNow()));
    }

    /// <summary>Prints what changed since the last poll, one line per environment or resource status change.</summary>
    public void WriteChanges(EnvironmentModel environment)
    {
        var at = time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        foreach (var resource in environment.Resources ?? [])
        {
            Report(at, resource.Name, resource.Status);
        }

        Report(at, "environment", environment.Status);
    }

    private void Report(string at, string subject, string status)
    {
        if (_seen.TryGetValue(subject, out var last) && last == status)
        {
            return;
        }

        _seen[subject] = status;
        console.WriteLine($"{at}  {subject,-16} {status}");
    }
}
