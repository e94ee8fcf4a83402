using System.Diagnostics;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.EndToEnd;

/// <summary>
/// The built service as its own OS process (<c>dotnet EnvOrchestrator.Server.dll</c>), so a test can kill it
/// the hard way. Settings arrive as environment variables, as under the Functions host; output goes to the test log.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts the service on a free port (another one if that is taken before Kestrel binds it) and waits until it is healthy.</summary>
    public static Task<ServiceProcess> StartAsync(ServiceSettings settings, ITestOutputHelper output, CancellationToken cancellationToken) =>
        FreePorts.StartAsync(port => StartOnceAsync(settings.OnPort(port), output, cancellationToken));

    /// <summary>
    /// Starts the service again on the port it had, as a restarted service comes back at its address: Terraform left
    /// running by the killed one reaches its state backend there.
    /// </summary>
    public static Task<ServiceProcess> RestartAsync(ServiceSettings settings, ITestOutputHelper output, CancellationToken cancellationToken) =>
        StartOnceAsync(settings, output, cancellationToken);

    private static async Task<ServiceProcess> StartOnceAsync(ServiceSettings settings, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = settings.WorkRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServiceAssembly());
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings.Values)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var portTaken = 0;
        void Received(string? line)
        {
            if (line?.Contains("address already in use", StringComparison.OrdinalIgnoreCase) == true)
            {
                Volatile.Write(ref portTaken, 1);
            }

            Write(output, line);
        }

        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process);
        try
        {
            await WaitHealthyAsync(settings.BaseAddress, process, cancellationToken);
            return service;
        }
        catch (InvalidOperationException) when (process.HasExited)
        {
            // Read the output to its end before judging why the service stopped.
            await process.WaitForExitAsync(CancellationToken.None);
            var taken = Volatile.Read(ref portTaken) == 1;
            await service.DisposeAsync();
            if (taken)
            {
                throw FreePorts.AddressInUse($"Port {settings.Port} was taken before the service bound it.");
            }

            throw;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL for the service alone, as a user or an OOM killer does: its Terraform children live on.</summary>
    public void KillAlone()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGKILL for the service and every child (Terraform included), as when its machine is lost: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The service built beside the tests (the project reference copies it), else its own build output.</summary>
    internal static string ServiceAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "EnvOrchestrator.Server.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        return Path.Combine(Testing.RepositoryPaths.Root, "src", "EnvOrchestrator.Server", "bin", configuration, "net10.0", "EnvOrchestrator.Server.dll");
    }

    private static async Task WaitHealthyAsync(Uri baseAddress, Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {process.ExitCode} while starting.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static void Write(ITestOutputHelper output, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            output.WriteLine("[service] " + line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late output of the process has nowhere to go.
        }
    }
}
