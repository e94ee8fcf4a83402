namespace EnvOrchestrator.Cli.Configuration;

/// <summary>
/// Where envctl calls and as whom, resolved from (first wins) the <c>--endpoint</c> option, the <c>ENVCTL_*</c>
/// variables, the config file and the default; each value remembers where it came from for <c>config show</c>.
/// </summary>
internal sealed record ConnectionSettings(Uri Endpoint, string EndpointSource, string? User, string? UserSource, string? Token, string? TokenSource, string ConfigPath)
{
    public const string DefaultEndpoint = "http://localhost:7071";
    public const string EndpointVariable = "ENVCTL_ENDPOINT";
    public const string UserVariable = "ENVCTL_USER";
    public const string TokenVariable = "ENVCTL_TOKEN";

    public static ConnectionSettings Resolve(CliConfig stored, string? endpointOption, Func<string, string?> environment, string configPath)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(environment);
        var (endpoint, endpointSource) = First(
            (endpointOption, "--endpoint"),
            (environment(EndpointVariable), EndpointVariable),
            (stored.Endpoint, configPath),
            (DefaultEndpoint, "default"));
        var (user, userSource) = First((environment(UserVariable), UserVariable), (stored.User, configPath));
        var (token, tokenSource) = First((environment(TokenVariable), TokenVariable), (stored.Token, configPath));
        return new ConnectionSettings(ParseEndpoint(endpoint!, endpointSource!), endpointSource!, user, userSource, token, tokenSource, configPath);
    }

    public static Uri ParseEndpoint(string text, string source)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            // A trailing slash makes the API's paths resolve under a base path such as https://host/envorch/.
            return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
        }

        throw new CliException(ExitCodes.Invalid, $"'{text}' (from {source}) is not an http or https URL.", "Give the service's address, e.g. --endpoint http://localhost:7071.");
    }

    private static (string? Value, string? Source) First(params (string? Value, string Source)[] candidates)
    {
        foreach (var (value, source) in candidates)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return (value.Trim(), source);
            }
        }

        return (null, null);
    }
}
