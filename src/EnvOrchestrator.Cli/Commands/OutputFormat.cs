namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>--output</c>: tables for people, or the API's JSON unchanged for scripts.</summary>
internal enum OutputFormat
{
    Human,
    Json,
}
