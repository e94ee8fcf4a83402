using EnvOrchestrator.Functions.Hosting;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>Whether the Functions host runs this process as a custom handler (it sets the handler port).</summary>
internal static class CustomHandlerMode
{
    /// <summary>The engine's hosted queue poller, registered by the lifecycle through <c>AddDurableTaskWorker</c>.</summary>
    private const string QueuePollerType = "EnvOrchestrator.Durable.Worker.DurableTaskWorkerService";

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[HostPort.CustomHandlerPortKey]);

    /// <summary>
    /// Under the Functions host the queue triggers deliver the messages, so the in-process poller must not compete
    /// for them. The lifecycle registers the poller with the engine and offers no switch, hence removal by type name.
    /// </summary>
    public static void RemoveQueuePoller(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == QueuePollerType)
            {
                services.RemoveAt(i);
            }
        }
    }
}
