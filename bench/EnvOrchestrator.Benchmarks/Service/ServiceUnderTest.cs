using System.Diagnostics;
using System.Globalization;
using EnvOrchestrator.Azurite;

namespace EnvOrchestrator.Benchmarks.Service;

/// <summary>
/// The real service as a child process (<c>dotnet EnvOrchestrator.Server.dll --Key=Value …</c>) with storage of its
/// own on a shared Azurite: its own task hub, table prefix, state container and Terraform work root, so that the
/// suite can look at exactly what this service left. It can be killed with SIGKILL (the service process alone: the
/// Terraform processes it started live on, as after a real crash) and started again on the same port, so that a
/// Terraform still saving its state after the kill reaches the restarted service's state backend.
/// Output goes to <c>{Root}/service.log</c>, never to the suite's standard output.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private static readonly string[] Configurations = ["Release", "Debug"];

    private readonly string _assembly;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private Process? _process;
    private int _generation;

    public ServiceUnderTest(string assembly, string root, string storage, string name, IReadOnlyDictionary<string, string>? overrides = null)
    {
        _assembly = assembly;
        Root = root;
        Name = name;
        StateContainer = name + "-tfstate";
        WorkRoot = Path.Combine(root, "runs");
        var content = Directory.CreateDirectory(Path.Combine(root, "service")).FullName;
        Storage = storage;
        Settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["contentRoot"] = content,
            ["AzureWebJobsStorage"] = storage,
            ["EnvOrchestrator:Emulator:AutoStart"] = "false",
            ["Security:Mode"] = "Development",
            ["TaskHub:TaskHubName"] = name,
            ["Storage:Environments:TablePrefix"] = name,
            ["TerraformStateBackend:ContainerName"] = StateContainer,
            ["Terraform:WorkRoot"] = WorkRoot,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            Settings[key] = value;
        }

        Port = LoopbackPorts.Free();
        _log = new StreamWriter(Path.Combine(root, "service.log")) { AutoFlush = true };
    }

    public string Root { get; }

    /// <summary>Task hub name = table prefix = state container prefix.</summary>
    public string Name { get; }

    public string Storage { get; }

    public string StateContainer { get; }

    /// <summary>Parent of the Terraform run folders (<c>Terraform:WorkRoot</c>).</summary>
    public string WorkRoot { get; }

    /// <summary>Settings passed as <c>--Key=Value</c>; change them before <see cref="StartAsync"/>.</summary>
    public SortedDictionary<string, string> Settings { get; }

    public int Port { get; private set; }

    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}"));

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public string LogPath => Path.Combine(Root, "service.log");

    /// <summary>The service's build output: <paramref name="given"/>, else the newer of the Release and Debug builds.</summary>
    public static string FindAssembly(string? given)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException("No service assembly at " + given);
        }

        var project = Path.Combine(BenchArgs.RepositoryRoot(), "src", "EnvOrchestrator.Server", "bin");
        return Configurations
            .Select(c => new FileInfo(Path.Combine(project, c, "net10.0", "EnvOrchestrator.Server.dll")))
            .Where(f => f.Exists && File.Exists(Path.ChangeExtension(f.FullName, ".runtimeconfig.json")))
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .FirstOrDefault()?.FullName
            ?? throw new FileNotFoundException("The service is not built: run `dotnet build -c Release src/EnvOrchestrator.Server` first, or pass --service PATH.");
    }

    /// <summary>
    /// Starts the service on <see cref="Port"/> (another free port when that one is taken) and waits until
    /// <c>/api/health</c> answers. Returns how long that took.
    /// </summary>
    public async Task<TimeSpan> StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var generation = ++_generation;
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Settings["contentRoot"],
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(_assembly);
            start.ArgumentList.Add("--urls=" + BaseAddress.ToString().TrimEnd('/'));
            foreach (var (key, value) in Settings)
            {
                start.ArgumentList.Add($"--{key}={value}");
            }

            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            var portTaken = false;
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            _process = process;
            process.OutputDataReceived += (_, e) => Write(generation, e.Data, ref portTaken);
            process.ErrorDataReceived += (_, e) => Write(generation, e.Data, ref portTaken);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            WriteMarker($"started generation {generation}: pid {process.Id} on {BaseAddress}");
            if (await WaitHealthyAsync(process, clock, timeout, cancellationToken))
            {
                return clock.Elapsed;
            }

            await process.WaitForExitAsync(CancellationToken.None);
            if (!Volatile.Read(ref portTaken) || attempt >= 3)
            {
                throw new InvalidOperationException($"The service exited with code {process.ExitCode} while starting; see {LogPath}.");
            }

            Port = LoopbackPorts.Free();
        }
    }

    /// <summary>SIGKILL to the service process alone: no shutdown code runs, its child processes are not signalled.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            WriteMarker($"SIGKILL pid {process.Id}");
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        lock (_logGate)
        {
            _log.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<bool> WaitHealthyAsync(Process process, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                return false;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The service did not answer /api/health within {timeout}; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting.
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Write(int generation, string? line, ref bool portTaken)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Volatile.Write(ref portTaken, true);
        }

        lock (_logGate)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine($"[{generation}] {line}");
            }
        }
    }

    private void WriteMarker(string text)
    {
        lock (_logGate)
        {
            _log.WriteLine($"===== {DateTimeOffset.UtcNow:HH:mm:ss.fff} {text}");
        }
    }
}
