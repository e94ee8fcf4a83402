using EnvOrchestrator.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

internal static class AzuriteBackends
{
    public static AzureStorageOrchestrationBackend Create(
        AzuriteFixture azurite, string taskHub, int partitionCount = 4, ILoggerFactory? loggers = null, TimeProvider? time = null) =>
        new(
            Options.Create(new AzureStorageOrchestrationOptions
            {
                TaskHub = taskHub,
                PartitionCount = partitionCount,
                ConnectionString = azurite.ConnectionString,
            }),
            time ?? TimeProvider.System,
            (loggers ?? NullLoggerFactory.Instance).CreateLogger<AzureStorageOrchestrationBackend>());

    /// <summary>A backend on a fresh hub whose storage exists.</summary>
    public static async Task<AzureStorageOrchestrationBackend> CreateHubAsync(AzuriteFixture azurite, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        var backend = Create(azurite, AzuriteFixture.UniqueName("hub"), loggers: loggers, time: time);
        await backend.CreateIfNotExistsAsync(CancellationToken.None);
        return backend;
    }
}
