using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>The command tree, and how one command line runs in a <see cref="CliContext"/>.</summary>
internal static class EnvctlCommand
{
    public static RootCommand Create(CliContext context)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("envctl: create, watch and destroy EnvOrchestrator environments.")
        {
            globals.Endpoint,
            globals.Output,
            LoginCommand.Create(globals, context),
            ConfigCommand.Create(globals, context),
            TemplatesCommand.Create(globals, context),
            EnvCommand.Create(globals, context),
            WebhooksCommand.Create(globals, context),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((SynchronousCommandLineAction)help.Action!);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var parse = Create(context).Parse(args);
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, cancellationToken);

        // System.CommandLine ends a parse error with 1, which envctl keeps for failed operations.
        return parse.Action is ParseErrorAction ? ExitCodes.Invalid : code;
    }

    /// <summary>The root's help also lists the exit codes, so scripts' authors find them where they look first.</summary>
    private sealed class HelpWithExitCodes(SynchronousCommandLineAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => help.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            var code = help.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Exit codes:");
                foreach (var (exit, meaning) in ExitCodes.Documented)
                {
                    output.WriteLine($"  {exit,-5}{meaning}");
                }

                output.WriteLine();
                output.WriteLine("Configuration: envctl login --endpoint URL --user NAME; ENVCTL_ENDPOINT, ENVCTL_USER, ENVCTL_TOKEN and ENVCTL_CONFIG override it.");
            }

            return code;
        }
    }
}
