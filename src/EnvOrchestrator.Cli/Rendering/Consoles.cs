using Spectre.Console;

namespace EnvOrchestrator.Cli.Rendering;

internal static class Consoles
{
    /// <summary>
    /// A console over <paramref name="writer"/>: colours, cursor movement and live views only for a person at a
    /// terminal; plain text for pipes, CI logs and tests.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer, CliContext context) => Create(writer, context, context.Width);

    /// <summary>A console for messages: not wrapped when nobody watches, so a log line stays one line.</summary>
    public static IAnsiConsole CreateForMessages(TextWriter writer, CliContext context) =>
        Create(writer, context, context.Interactive ? null : 1000);

    private static IAnsiConsole Create(TextWriter writer, CliContext context, int? width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = context.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = context.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = context.Interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (width is { } columns)
        {
            console.Profile.Width = columns;
        }

        return console;
    }
}
