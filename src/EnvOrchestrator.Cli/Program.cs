using EnvOrchestrator.Cli;
using EnvOrchestrator.Cli.Commands;

return await EnvctlCommand.RunAsync(args, CliContext.FromProcess(), CancellationToken.None);
