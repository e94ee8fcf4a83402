using System.CommandLine;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>Runs a command's body in a session and turns every expected failure into its explanation and exit code.</summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, GlobalOptions globals, CliContext context, Func<ParseResult, CommandSession, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, globals, context, body, cancellationToken));

    private static async Task<int> RunAsync(
        ParseResult parse, GlobalOptions globals, CliContext context, Func<ParseResult, CommandSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        using var session = new CommandSession(context, parse.GetValue(globals.Output), parse.GetValue(globals.Endpoint));
        try
        {
            return await body(parse, session, cancellationToken);
        }
        catch (ApiProblemException e)
        {
            ErrorRenderer.Problem(context, session.Json, e);
            return ExitCodes.ForHttpStatus(e.Status);
        }
        catch (CliException e)
        {
            ErrorRenderer.Failure(context, e.Message, e.Hint);
            return e.ExitCode;
        }
        catch (HttpIOException e)
        {
            ErrorRenderer.Failure(context, $"The connection to the service broke: {e.Message}", "Run the command again; a run the service started carries on meanwhile.");
            return ExitCodes.Unavailable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Only envctl stops: a run it started or followed goes on, and the user may not expect that.
            ErrorRenderer.Failure(context, "Interrupted.", "Any run already started carries on in the service; envctl env cancel PROJECT NAME stops it.");
            return ExitCodes.Interrupted;
        }
    }
}
