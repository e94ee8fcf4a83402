using EnvOrchestrator.Hosting.Hosting;

namespace EnvOrchestrator.Hosting.Composition;

/// <summary>How Terraform child processes reach the state backend this service serves.</summary>
internal static class StateBackendAddress
{
    public const string Prefix = "/tfstate";

    /// <summary>Set by the platform on Azure Functions and App Service: the app's default host name.</summary>
    public const string AppHostNameKey = "WEBSITE_HOSTNAME";

    /// <summary>
    /// The configured URL, else the app's own host name on Azure, else the listening URL with a wildcard or <c>localhost</c> host replaced by 127.0.0.1 (the
    /// Terraform processes run on this machine; an IPv4 literal avoids a resolver round trip and IPv6 surprises).
    /// </summary>
    public static Uri Resolve(IConfiguration configuration, Uri? configured)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configured is { IsAbsoluteUri: true })
        {
            return configured;
        }

        // On Azure (Functions or App Service) the platform names the app's own host; Terraform reaches it over HTTPS.
        if (configuration[AppHostNameKey] is { Length: > 0 } appHost)
        {
            return new UriBuilder(Uri.UriSchemeHttps, appHost) { Path = Prefix }.Uri;
        }

        var listening = HostPort.ResolveUrl(configuration)
            ?? configuration["urls"]!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var url = listening.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal);
        var builder = new UriBuilder(url);
        if (builder.Host is "localhost" or "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        builder.Path = Prefix;
        return builder.Uri;
    }
}
