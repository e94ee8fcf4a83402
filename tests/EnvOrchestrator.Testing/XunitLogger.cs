using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.Testing;

/// <summary>Sends log lines to the test's output, so a failing test shows what the code logged.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new XunitLogger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class XunitLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; late background logs have nowhere to go.
            }
        }
    }
}

public static class XunitLoggerFactory
{
    public static ILoggerFactory Create(ITestOutputHelper output)
    {
        var factory = new LoggerFactory();
        factory.AddProvider(new XunitLoggerProvider(output));
        return factory;
    }
}
