using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.StateBackend.Tests;

/// <summary>Keeps every log entry of a host, so a test can check what the service wrote to its logs.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception)
    {
        /// <summary>The message and any exception as a log sink would write them.</summary>
        public string Text => Exception is null ? Message : Message + Environment.NewLine + Exception;
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
