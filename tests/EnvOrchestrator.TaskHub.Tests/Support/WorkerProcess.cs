using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests.Support;

/// <summary>What a worker process runs on: written by the test, read by the process.</summary>
internal sealed record WorkerConfig(
    string ConnectionString,
    string TaskHubName,
    string HostName,
    int ParentProcessId,
    int PartitionCount = 2,
    int MaxActivityDeliveries = 5,
    int VisibilitySeconds = 10,
    int LeaseSeconds = 5,
    int LeaseRenewSeconds = 1)
{
    /// <summary>The options every host on the hub uses, the test's own included.</summary>
    public void Apply(TaskHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.WorkerId = HostName;
        options.PartitionCount = PartitionCount;
        options.MaxActivityDeliveries = MaxActivityDeliveries;
        options.WorkItemVisibilityTimeout = TimeSpan.FromSeconds(VisibilitySeconds);
        options.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(VisibilitySeconds);
        options.PartitionLeaseInterval = TimeSpan.FromSeconds(LeaseSeconds);
        options.PartitionLeaseRenewInterval = TimeSpan.FromSeconds(LeaseRenewSeconds);
    }
}

/// <summary>
/// A worker the test can kill (SIGKILL): this test assembly started as a process of its own with <see cref="Verb"/>,
/// hosting the runtime on the test's task hub with <see cref="SharedTasks"/>. Killing it leaves what a dead service
/// leaves: messages taken and not finished, partition leases not released.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    public const string Verb = "worker";
    public const string ReadyMarker = "worker ready";

    private readonly Process _process;
    private readonly string _configFile;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcess(Process process, string configFile, string name)
    {
        _process = process;
        _configFile = configFile;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a worker process; its output goes to the test's output, prefixed with its name.</summary>
    public static WorkerProcess Start(WorkerConfig config, ITestOutputHelper output)
    {
        var configFile = Path.Combine(Path.GetTempPath(), $"taskhub-worker-{Guid.NewGuid():N}.json");
        File.WriteAllText(configFile, JsonSerializer.Serialize(config));
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(dotnet, [typeof(WorkerProcess).Assembly.Location, Verb, configFile])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var worker = new WorkerProcess(process, configFile, config.HostName);
        void Forward(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            worker._lines.Enqueue(line);
            try
            {
                output.WriteLine($"[{config.HostName}] {line}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished.
            }
        }

        process.OutputDataReceived += Forward;
        process.ErrorDataReceived += Forward;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public int Count(string marker) => _lines.Count(l => l.Contains(marker, StringComparison.Ordinal));

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async Task WaitForAsync(string marker, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Count(marker) < count)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Worker {Name} exited ({_process.ExitCode}) before '{marker}' ×{count}.");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Worker {Name} did not print '{marker}' ×{count} within {timeout}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: nothing in the process runs after it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
        _process.Dispose();
        File.Delete(_configFile);
    }

    /// <summary>The worker process's entry point: runs until killed, or until its parent is gone (at most 3 minutes).</summary>
    public static async Task<int> RunAsync(string configFile)
    {
        var config = JsonSerializer.Deserialize<WorkerConfig>(await File.ReadAllTextAsync(configFile))!;
        using var logs = new ConsoleLines();
        using var host = HubHost.Build(
            logs,
            config.ConnectionString,
            config.TaskHubName,
            config.Apply,
            r => SharedTasks.Register(r, config.HostName),
            s => s.AddSingleton(new HostIdentity(config.HostName)));
        await host.StartAsync();
        Console.Out.WriteLine(ReadyMarker);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!limit.IsCancellationRequested && ParentAlive(config.ParentProcessId))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await host.StopAsync();
        return 0;
    }

    private static bool ParentAlive(int processId)
    {
        try
        {
            using var parent = Process.GetProcessById(processId);
            return !parent.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>One line per log entry on standard output, which the test reads.</summary>
    private sealed class ConsoleLines : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.GetType().Name + ": " + exception.Message)}");

        public void Dispose()
        {
        }
    }
}
