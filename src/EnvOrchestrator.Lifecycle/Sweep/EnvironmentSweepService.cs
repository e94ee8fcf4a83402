using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Sweep;

/// <summary>
/// Runs <see cref="EnvironmentSweep"/> every <see cref="EnvironmentLifecycleOptions.ExpirySweepInterval"/> in every
/// worker process, unless <see cref="EnvironmentLifecycleOptions.SweepInProcess"/> is off (the host schedules it).
/// </summary>
internal sealed class EnvironmentSweepService(IEnvironmentSweeper sweep, IOptions<EnvironmentLifecycleOptions> options, TimeProvider time, ILogger<EnvironmentSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SweepInProcess)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sweep.SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A storage hiccup must not stop the sweep for good; the next tick tries again.
                logger.SweepFailed(e);
            }
        }
    }
}
