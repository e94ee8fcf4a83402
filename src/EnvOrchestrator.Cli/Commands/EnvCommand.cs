using System.CommandLine;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl env …</c>: one environment's life, from create to destroy.</summary>
internal static class EnvCommand
{
    public static Command Create(GlobalOptions globals, CliContext context) =>
        new("env", "Create, inspect, change and destroy environments")
        {
            EnvCreateCommand.Create(globals, context),
            EnvReadCommands.List(globals, context),
            EnvReadCommands.Show(globals, context),
            EnvReadCommands.Outputs(globals, context),
            EnvLogsCommand.Create(globals, context),
            EnvPlanCommand.Create(globals, context),
            EnvActionCommands.Extend(globals, context),
            EnvActionCommands.Approve(globals, context),
            EnvActionCommands.Reject(globals, context),
            EnvActionCommands.Retry(globals, context),
            EnvActionCommands.Cancel(globals, context),
            EnvDestroyCommand.Create(globals, context),
        };

    public static Argument<string> Project() => new("PROJECT") { Description = "The project (team) the environment belongs to" };

    public static Argument<string> Name() => new("NAME") { Description = "The environment's name" };

    public static Option<bool> Wait(string what) => new("--wait") { Description = $"Show progress until {what}; exit 0 when it succeeds, 1 when it fails" };

    public static Option<string[]> Inputs() => new("--input", "-i")
    {
        Description = "An input as key=value (repeatable); the value is JSON when it parses as JSON, else a string",
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> InputsFile() => new("--inputs-file") { Description = "Inputs as a JSON or YAML object (--input flags override it)", HelpName = "FILE" };
}
