using EnvOrchestrator.StateBackend.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.StateBackend;

/// <summary>Releases locks older than <see cref="TerraformStateBackendOptions.StaleLockAge"/>, when that is set.</summary>
internal sealed class StaleLockSweeper(
    TerraformStateBackend backend,
    IOptions<TerraformStateBackendOptions> options,
    TimeProvider timeProvider,
    ILogger<StaleLockSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.StaleLockAge is not { } maxAge)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.StaleLockSweepInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await backend.ReleaseStaleLocksAsync(maxAge, stoppingToken).ConfigureAwait(false);
            }
            catch (TerraformStateStorageException ex)
            {
                // A storage hiccup must not end the sweep for the life of the host; its concise message says enough.
                logger.SweepStorageFailed(ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Anything else is unexpected: keep the stack, and keep sweeping.
                logger.SweepFailed(ex);
            }
        }
    }
}
