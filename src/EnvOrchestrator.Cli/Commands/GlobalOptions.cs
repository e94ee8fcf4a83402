using System.CommandLine;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>Options every command takes; one set per command tree (symbols cannot be shared between trees).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "The service's URL for this command (else ENVCTL_ENDPOINT, the config file, http://localhost:7071)",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "human (tables; the default) or json (the API's JSON unchanged, for scripts)",
        HelpName = "human|json",
        Recursive = true,
    };
}
