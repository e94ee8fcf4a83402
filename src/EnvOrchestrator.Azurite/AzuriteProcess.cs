using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnvOrchestrator.Azurite;

/// <summary>A running Azurite child process; disposing it stops the whole process tree.</summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly Process? _process;

    private AzuriteProcess(Process? process, AzuriteEndpoints endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    public AzuriteEndpoints Endpoints { get; }

    public string ConnectionString => Endpoints.ConnectionString;

    /// <summary>The script node preloads for <see cref="AzuriteOptions.ExitWithParent"/>, shipped beside this assembly.</summary>
    public static string ExitWithParentScript { get; } = Path.Combine(AppContext.BaseDirectory, "exit-with-parent.js");

    /// <summary>The emulator's process id; null when an Azurite that was already running is reused.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>False when an Azurite that was already running is reused.</summary>
    public bool Owned => _process is not null;

    /// <summary>
    /// Starts Azurite (installing it first when missing) and waits until all three services accept connections.
    /// When fixed ports are asked for and something already listens there, that instance is reused.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var fixedPorts = options.BlobPort != 0 && options.QueuePort != 0 && options.TablePort != 0;
        if (fixedPorts && await AllListeningAsync(options.BlobPort, options.QueuePort, options.TablePort, cancellationToken).ConfigureAwait(false))
        {
            Log.AlreadyRunning(logger, options.TablePort);
            return new AzuriteProcess(null, new AzuriteEndpoints(options.BlobPort, options.QueuePort, options.TablePort));
        }

        var toolRoot = options.ToolRoot ?? AzuriteInstaller.FindToolRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("No package.json pinning Azurite was found above " + AppContext.BaseDirectory);
        var entry = await AzuriteInstaller.EnsureInstalledAsync(toolRoot, options.InstallTimeout, logger, cancellationToken).ConfigureAwait(false);

        // A free port found by binding to 0 can be taken before Azurite binds it: retry with new ports.
        for (var attempt = 1; ; attempt++)
        {
            var endpoints = new AzuriteEndpoints(
                options.BlobPort != 0 ? options.BlobPort : LoopbackPorts.Free(),
                options.QueuePort != 0 ? options.QueuePort : LoopbackPorts.Free(),
                options.TablePort != 0 ? options.TablePort : LoopbackPorts.Free());
            var process = Launch(entry, options, endpoints);
            if (await WaitReadyAsync(process, endpoints, options.StartTimeout, cancellationToken).ConfigureAwait(false))
            {
                Log.Started(logger, process.Id, endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort);
                var started = new AzuriteProcess(process, endpoints);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Kill();
                return started;
            }

            KillAndWait(process);
            if (attempt >= 3 || fixedPorts)
            {
                throw new InvalidOperationException($"Azurite did not start within {options.StartTimeout} (ports {endpoints.BlobPort}/{endpoints.QueuePort}/{endpoints.TablePort}).");
            }

            Log.StartRetry(logger, attempt);
        }
    }

    /// <summary>True when something accepts TCP connections on all three ports.</summary>
    public static async Task<bool> AllListeningAsync(int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        foreach (var port in new[] { blobPort, queuePort, tablePort })
        {
            if (!await IsListeningAsync(port, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Kill()
    {
        if (_process is not null)
        {
            KillAndWait(_process);
        }
    }

    private static Process Launch(string entry, AzuriteOptions options, AzuriteEndpoints endpoints)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        var args = new List<string>();
        if (options.ExitWithParent)
        {
            args.Add("--require");
            args.Add(ExitWithParentScript);
        }

        args.AddRange(
        [
            entry,
            "--blobHost", "127.0.0.1", "--blobPort", endpoints.BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", endpoints.QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", endpoints.TablePort.ToString(CultureInfo.InvariantCulture),
            "--silent", "--disableTelemetry",
        ]);
        if (options.SkipApiVersionCheck)
        {
            args.Add("--skipApiVersionCheck");
        }

        if (options.InMemory)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            var location = options.Location ?? Path.Combine(Path.GetTempPath(), "envorch-azurite");
            Directory.CreateDirectory(location);
            args.Add("--location");
            args.Add(location);
        }

        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node could not be started; install Node.js.");

        // Drain output so a chatty emulator never blocks on a full pipe.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitReadyAsync(Process process, AzuriteEndpoints endpoints, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            if (await AllListeningAsync(endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static void KillAndWait(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
