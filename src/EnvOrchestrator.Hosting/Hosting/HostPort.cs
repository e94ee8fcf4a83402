using System.Globalization;

namespace EnvOrchestrator.Hosting.Hosting;

/// <summary>Where the self-hosted service listens: <c>--urls</c> when given, else the local port of local.settings.json.</summary>
internal static class HostPort
{
    public const string LocalHttpPortKey = "Host:LocalHttpPort";

    public const int DefaultLocalPort = 7071;

    /// <summary>The URL to bind, or null when <c>ASPNETCORE_URLS</c>/<c>--urls</c> already decide.</summary>
    public static string? ResolveUrl(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrEmpty(configuration["urls"]))
        {
            return null;
        }

        var port = int.TryParse(configuration[LocalHttpPortKey], NumberStyles.None, CultureInfo.InvariantCulture, out var local) ? local : DefaultLocalPort;
        return $"http://localhost:{port}";
    }
}
