using Microsoft.Extensions.Hosting;

namespace EnvOrchestrator.Lifecycle.Activities;

/// <summary>
/// Cancelled when this process begins to stop. Activities stop their work gracefully on it and end with an
/// exception; the runtime then gives the work item back to the queue rather than recording a failure, and the next
/// delivery recovers the interrupted step. Durable Task activities get no token of their own.
/// </summary>
internal sealed class HostStopping(IHostApplicationLifetime? lifetime = null)
{
    public CancellationToken Token { get; } = lifetime?.ApplicationStopping ?? CancellationToken.None;
}
