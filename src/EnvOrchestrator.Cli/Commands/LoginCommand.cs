using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using EnvOrchestrator.Cli.Configuration;
using EnvOrchestrator.Cli.Http;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>
/// <c>envctl login --endpoint URL --user NAME</c>: checks that the service answers for that caller, then remembers both.
/// </summary>
internal static class LoginCommand
{
    private const int MaxUserLength = 200;

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var user = new Option<string>("--user") { Description = "Your name as the service records it (sent as X-EnvOrch-User)", Required = true, HelpName = "NAME" };
        var command = new Command("login", "Check the service answers and store its endpoint and your identity in the config file") { user };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var name = parse.GetValue(user)!.Trim();
            if (name.Length is 0 or > MaxUserLength || name.Any(char.IsControl))
            {
                throw new CliException(ExitCodes.Invalid, $"'{name}' is not a user name.", $"Give a name of 1 to {MaxUserLength} printable characters, e.g. --user alice.");
            }

            var stored = await session.Store.LoadAsync(cancellationToken);
            var resolved = ConnectionSettings.Resolve(stored, session.EndpointOption, context.Environment, session.Store.Path) with { User = name };
            using (var api = new ApiClient(resolved, context.RequestTimeout))
            {
                await api.GetAsync(ApiPaths.Templates, cancellationToken);
            }

            var saved = stored with { Endpoint = resolved.Endpoint.ToString().TrimEnd('/'), User = name };
            await session.Store.SaveAsync(saved, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(JsonSerializer.Serialize(new { endpoint = saved.Endpoint, user = saved.User, configPath = session.Store.Path }, ApiJson.Output));
            }
            else
            {
                session.Console.WriteLine($"Logged in to {saved.Endpoint} as {name}; saved in {session.Store.Path}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
