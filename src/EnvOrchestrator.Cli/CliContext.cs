namespace EnvOrchestrator.Cli;

/// <summary>
/// The world envctl runs in: its output streams, environment variables and clock. The process passes its own; tests
/// pass captured writers and their own variables, so parallel tests never share the process environment.
/// </summary>
internal sealed class CliContext
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<string, string?> Environment { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether a person watches a terminal: live views and colours then, plain lines for logs and pipes.</summary>
    public bool Interactive { get; init; }

    /// <summary>Columns for tables when the width cannot be measured (a pipe, a captured writer).</summary>
    public int? Width { get; init; }

    /// <summary>How often <c>--wait</c> reads the environment again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take before the service counts as unavailable (streams excepted).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static CliContext FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Environment = System.Environment.GetEnvironmentVariable,
        Interactive = !Console.IsOutputRedirected,
        Width = Console.IsOutputRedirected ? 160 : null,
    };
}
