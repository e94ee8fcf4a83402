using System.Globalization;

namespace EnvOrchestrator.Functions.Hosting;

/// <summary>Where the service listens: the port the Functions host hands a custom handler, else the local port.</summary>
internal static class HostPort
{
    /// <summary>Set by the Functions host for a custom handler.</summary>
    public const string CustomHandlerPortKey = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public const string LocalHttpPortKey = "Host:LocalHttpPort";

    public const int DefaultLocalPort = 7071;

    /// <summary>The URL to bind, or null when <c>ASPNETCORE_URLS</c>/<c>--urls</c> already decide.</summary>
    public static string? ResolveUrl(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (int.TryParse(configuration[CustomHandlerPortKey], NumberStyles.None, CultureInfo.InvariantCulture, out var handlerPort))
        {
            return $"http://127.0.0.1:{handlerPort}";
        }

        if (!string.IsNullOrEmpty(configuration["urls"]))
        {
            return null;
        }

        var port = int.TryParse(configuration[LocalHttpPortKey], NumberStyles.None, CultureInfo.InvariantCulture, out var local) ? local : DefaultLocalPort;
        return $"http://localhost:{port}";
    }
}
