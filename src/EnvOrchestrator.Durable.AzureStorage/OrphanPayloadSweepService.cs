using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Runs one orphan payload sweep pass every <see cref="AzureStorageOrchestrationOptions.OrphanPayloadSweepInterval"/>
/// in every process that registers the backend, unless the interval is null. Passes in several processes at once are
/// harmless: each deletes only blobs it proved unreferenced.
/// </summary>
internal sealed class OrphanPayloadSweepService(
    AzureStorageOrchestrationBackend backend,
    IOptions<AzureStorageOrchestrationOptions> options,
    TimeProvider timeProvider,
    ILogger<OrphanPayloadSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.OrphanPayloadSweepInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await backend.SweepOrphanPayloadsAsync(options.Value.OrphanPayloadAge, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A storage hiccup (or a hub not created yet) must not end the sweep for the life of the host.
                Log.OrphanPayloadSweepFailed(logger, ex);
            }
        }
    }
}
