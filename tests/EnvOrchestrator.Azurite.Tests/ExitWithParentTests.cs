using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnvOrchestrator.Azurite.Tests;

/// <summary>
/// An emulator started for a test host must not outlive it: a host killed with SIGKILL runs no exit handler, so the
/// emulator itself notices that its parent is gone.
/// </summary>
public sealed class ExitWithParentTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 300_000)]
    public async Task StartAsync_ExitWithParent_EmulatorRunsWithTheWatchPreloaded()
    {
        await using var azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions { ToolRoot = RepositoryPaths.Root, ExitWithParent = true }, null, CancellationToken.None);
        var tables = new TableServiceClient(azurite.ConnectionString);

        await tables.CreateTableIfNotExistsAsync("watched");
        var commandLine = await File.ReadAllTextAsync($"/proc/{azurite.ProcessId}/cmdline");

        Assert.True(File.Exists(AzuriteProcess.ExitWithParentScript));
        Assert.Contains("\0--require\0" + AzuriteProcess.ExitWithParentScript + "\0", commandLine, StringComparison.Ordinal);
    }

    [Fact(Timeout = 300_000)]
    public async Task ExitWithParentScript_ParentKilledAlone_EmulatorExitsAndFreesItsPorts()
    {
        var entry = await AzuriteInstaller.EnsureInstalledAsync(RepositoryPaths.Root, TimeSpan.FromMinutes(5), NullLogger.Instance, CancellationToken.None);
        var ports = new AzuriteEndpoints(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());

        // The parent: a shell that starts the emulator in the background, prints its pid and waits for it.
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-c", "node --require \"$0\" \"$1\" --inMemoryPersistence --silent --skipApiVersionCheck --blobHost 127.0.0.1 --blobPort $2 --queueHost 127.0.0.1 --queuePort $3 --tableHost 127.0.0.1 --tablePort $4 >/dev/null 2>&1 & echo $!; wait",
            AzuriteProcess.ExitWithParentScript, entry, Port(ports.BlobPort), Port(ports.QueuePort), Port(ports.TablePort),
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var parent = Process.Start(start)!;
        var emulatorPid = int.Parse((await parent.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
        try
        {
            await Eventually.UntilAsync(() => AzuriteProcess.AllListeningAsync(ports.BlobPort, ports.QueuePort, ports.TablePort, CancellationToken.None), Wait, "the emulator serves");

            parent.Kill(entireProcessTree: false);
            await parent.WaitForExitAsync();
            await Eventually.UntilAsync(() => Task.FromResult(IsZombie(emulatorPid)), Wait, "the emulator exited after its parent");

            // The main thread shows as exited while the others still close the sockets: the ports free a moment later.
            await Eventually.UntilAsync(
                async () => !await AzuriteProcess.AllListeningAsync(ports.BlobPort, ports.QueuePort, ports.TablePort, CancellationToken.None),
                Wait,
                "the emulator's ports are free");
        }
        finally
        {
            if (!IsZombie(emulatorPid))
            {
                using var left = Process.GetProcessById(emulatorPid);
                left.Kill();
            }
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Exited but not reaped yet (its new parent reaps it), or gone altogether.</summary>
    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
