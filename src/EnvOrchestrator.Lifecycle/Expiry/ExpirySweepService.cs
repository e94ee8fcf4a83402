using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Expiry;

/// <summary>Runs <see cref="ExpirySweep"/> every <see cref="EnvironmentLifecycleOptions.ExpirySweepInterval"/> in every worker process.</summary>
internal sealed class ExpirySweepService(ExpirySweep sweep, IOptions<EnvironmentLifecycleOptions> options, TimeProvider time, ILogger<ExpirySweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
