using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage.Queues;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static EnvOrchestrator.Testing.DurableBackend.BackendTestData;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

/// <summary>
/// Users run Azurite without <c>--skipApiVersionCheck</c>; the shared fixture passes it. This test starts its own
/// Azurite without the flag to show the pinned Blob/Queue service version is accepted where the SDK default is not.
/// </summary>
public sealed class ServiceVersionPinTests
{
    // A fresh clone's first Azurite start runs npm ci (or waits for the shared fixture's), which can take minutes.
    [Fact(Timeout = 300_000)]
    public async Task Backend_AzuriteWithApiVersionCheck_AcceptsPinnedVersions()
    {
        var entry = await AzuriteInstaller.EnsureInstalledAsync(RepositoryPaths.Root, TimeSpan.FromMinutes(5), NullLogger.Instance, CancellationToken.None);
        var (started, endpoints) = await StartStrictAzuriteOnFreePortsAsync(entry);
        using var azurite = started;
        try
        {
            var backend = new AzureStorageOrchestrationBackend(
                Microsoft.Extensions.Options.Options.Create(new AzureStorageOrchestrationOptions { TaskHub = "pinned", ConnectionString = endpoints.ConnectionString }),
                TimeProvider.System,
                NullLogger<AzureStorageOrchestrationBackend>.Instance);
            var sdkDefault = new QueueClient(endpoints.ConnectionString, "sdk-default");

            await backend.CreateIfNotExistsAsync(CancellationToken.None);
            await backend.CommitAsync(Insert(State("i1") with { Input = Large(1_000_000) }), CancellationToken.None);
            await backend.SendMessageAsync(QueueNames.WorkItems, Large(100_000), TimeSpan.Zero, CancellationToken.None);
            var received = await backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromSeconds(30), CancellationToken.None);
            var read = await backend.ReadInstanceAsync("i1", includeHistory: true, CancellationToken.None);
            var rejected = await Assert.ThrowsAsync<RequestFailedException>(() => sdkDefault.CreateIfNotExistsAsync());

            Assert.Equal(Large(100_000), Assert.Single(received).Body);
            Assert.Equal(Large(1_000_000), read!.State.Input);
            Assert.Equal(400, rejected.Status);
        }
        finally
        {
            azurite.Kill(entireProcessTree: true);
            await azurite.WaitForExitAsync();
        }
    }

    private static Process StartStrictAzurite(string entry, AzuriteEndpoints endpoints)
    {
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[]
        {
            entry,
            "--blobHost", "127.0.0.1", "--blobPort", endpoints.BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", endpoints.QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", endpoints.TablePort.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--silent", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The ports are picked free, then bound by Azurite moments later; another process may take one in between, and
    /// Azurite then exits. Only that case is tried again, on new ports.
    /// </summary>
    private static async Task<(Process Azurite, AzuriteEndpoints Endpoints)> StartStrictAzuriteOnFreePortsAsync(string entry)
    {
        for (var attempt = 1; ; attempt++)
        {
            var endpoints = new AzuriteEndpoints(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
            var azurite = StartStrictAzurite(entry, endpoints);
            bool listening;
            try
            {
                listening = await WaitListeningAsync(azurite, endpoints);
            }
            catch
            {
                azurite.Kill(entireProcessTree: true);
                azurite.Dispose();
                throw;
            }

            if (listening)
            {
                return (azurite, endpoints);
            }

            var ports = new[] { endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort };
            azurite.Dispose();
            Assert.True(attempt < 3 && ports.Any(FreePorts.IsTaken), "Azurite exited while starting.");
        }
    }

    /// <summary>True once all three ports answer; false when Azurite exited first.</summary>
    private static async Task<bool> WaitListeningAsync(Process azurite, AzuriteEndpoints endpoints)
    {
        var clock = Stopwatch.StartNew();
        while (!await AzuriteProcess.AllListeningAsync(endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort, CancellationToken.None))
        {
            if (azurite.HasExited)
            {
                return false;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "Azurite did not start.");
            await Task.Delay(100);
        }

        return true;
    }
}
