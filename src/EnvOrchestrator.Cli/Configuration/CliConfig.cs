namespace EnvOrchestrator.Cli.Configuration;

/// <summary>What envctl remembers between runs (config.json): where the service is and who is calling.</summary>
/// <param name="Token">
/// An API key or bearer token, sent as <c>Authorization: Bearer</c> when present. The service names callers by
/// <c>X-EnvOrch-User</c> today; the field is here so that real authentication needs no new config format.
/// </param>
internal sealed record CliConfig(string? Endpoint, string? User, string? Token)
{
    public static CliConfig Empty { get; } = new(null, null, null);
}
