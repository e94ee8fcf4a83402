using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Storage;

/// <summary>
/// Creates the tables and containers when missing. Call it once at start-up (before serving requests); the stores
/// never create anything per call, so a missing table surfaces as an error instead of a silent extra round trip.
/// </summary>
public sealed class EnvironmentStorageInitializer
{
    private readonly EnvironmentStorageClients _clients;
    private readonly ILogger<EnvironmentStorageInitializer> _logger;

    internal EnvironmentStorageInitializer(EnvironmentStorageClients clients, ILogger<EnvironmentStorageInitializer> logger)
    {
        _clients = clients;
        _logger = logger;
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in _clients.Tables)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var container in _clients.Containers)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        _logger.StorageEnsured(_clients.Environments.Name);
    }
}
