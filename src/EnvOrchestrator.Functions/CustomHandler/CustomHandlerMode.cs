using EnvOrchestrator.Functions.Hosting;

namespace EnvOrchestrator.Functions.CustomHandler;

/// <summary>Whether the Functions host runs this process as a custom handler (it sets the handler port).</summary>
internal static class CustomHandlerMode
{
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[HostPort.CustomHandlerPortKey]);
}
