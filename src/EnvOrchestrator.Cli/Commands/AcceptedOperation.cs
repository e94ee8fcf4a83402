using EnvOrchestrator.Cli.Http;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>What create, retry and destroy do with the service's 202: print it, or wait for the run it started.</summary>
internal static class AcceptedOperation
{
    /// <summary>The answer to a 202: the operation's JSON, or a line saying what started, or the wait for its end.</summary>
    public static async Task<int> ReportAsync(CommandSession session, ApiResponse response, OperationModel operation, bool wait, string verb, CancellationToken cancellationToken)
    {
        if (wait)
        {
            return await OperationWaiter.WaitAsync(session, operation, cancellationToken);
        }

        if (session.Json)
        {
            session.WriteJson(response.Body);
            return ExitCodes.Ok;
        }

        var e = operation.Environment;
        session.Console.MarkupLine($"{verb} [bold]{Markup.Escape(e.Project)}/{Markup.Escape(e.Name)}[/] ({Markup.Escape($"{e.Template}@{e.TemplateVersion}")}), run {Markup.Escape(operation.Run.Id)}.");
        session.Console.WriteLine($"Watch it:  envctl env show {e.Project} {e.Name}   or   envctl env logs {e.Project} {e.Name} --follow");
        return ExitCodes.Ok;
    }
}
