using System.CommandLine;
using Spectre.Console;
using EnvOrchestrator.Cli.Http;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>
/// <c>envctl env destroy PROJECT NAME</c>: DELETE (202), optionally waiting for Destroyed; <c>--purge</c> removes a
/// destroyed environment for good with its runs and logs (204).
/// </summary>
internal static class EnvDestroyCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var name = EnvCommand.Name();
        var wait = EnvCommand.Wait("the environment is Destroyed");
        var purge = new Option<bool>("--purge") { Description = "Remove an already destroyed environment with its runs and logs; its name is free again" };
        var command = new Command("destroy", "Destroy an environment's resources (in reverse dependency order)") { project, name, wait, purge };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var (p, n) = (parse.GetValue(project)!, parse.GetValue(name)!);
            var api = await session.ApiAsync(cancellationToken);
            if (parse.GetValue(purge))
            {
                await api.SendAsync(HttpMethod.Delete, ApiPaths.WithQuery(ApiPaths.Environment(p, n), ("purge", "true")), null, cancellationToken);
                if (!session.Json)
                {
                    session.Console.WriteLine($"Purged {p}/{n}.");
                }

                return ExitCodes.Ok;
            }

            var response = await api.SendAsync(HttpMethod.Delete, ApiPaths.Environment(p, n), null, cancellationToken);
            return await AcceptedOperation.ReportAsync(session, response, response.Read<OperationModel>(), parse.GetValue(wait), "Destroying", cancellationToken);
        });
        return command;
    }
}
