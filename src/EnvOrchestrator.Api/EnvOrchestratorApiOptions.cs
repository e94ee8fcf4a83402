namespace EnvOrchestrator.Api;

/// <summary>Settings of the HTTP API (section <see cref="SectionName"/>).</summary>
public sealed class EnvOrchestratorApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted; bigger ones get 413 before they are read.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How often a followed log (server-sent events) checks for new lines.</summary>
    public TimeSpan LogPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
