using Microsoft.DurableTask;

namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// Timers that never fire early. The Azure Storage provider delivers a timer message when its queue makes it visible,
/// and on Azurite that was seen up to a second early (sub-second visibility is truncated); a lifetime that ends
/// before its expiry, or a retry before its backoff, would break a promise. The orchestration's clock is the time
/// of the event that woke it, so waking early shows as <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>
/// still before the due time: then it simply waits again for the rest. Each timer asks for a second more than is due,
/// because the provider's visibility is cut to whole seconds (measured: up to 994 ms early): without it, the last
/// second is a spin of dozens of empty episodes; with it, one wake 5–100 ms after the due time.
/// </summary>
internal static class DurableTimers
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    /// <summary>Completes once the orchestration's time has reached <paramref name="dueUtc"/> (within about a second after it).</summary>
    public static async Task WaitUntilAsync(this TaskOrchestrationContext context, DateTime dueUtc, CancellationToken cancellationToken)
    {
        while (context.CurrentUtcDateTime < dueUtc)
        {
            await context.CreateTimer(dueUtc + Slack, cancellationToken).ConfigureAwait(true);
        }
    }

    public static Task WaitAsync(this TaskOrchestrationContext context, TimeSpan delay, CancellationToken cancellationToken) =>
        context.WaitUntilAsync(context.CurrentUtcDateTime + delay, cancellationToken);
}
