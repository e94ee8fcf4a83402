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
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A storage hiccup must not end the sweep for the life of the host.
                logger.SweepFailed(ex);
            }
        }
    }
}
