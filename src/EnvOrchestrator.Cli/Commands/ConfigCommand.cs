using System.CommandLine;
using System.Text.Json;
using EnvOrchestrator.Cli.Http;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl config show</c>: the endpoint and identity envctl would use now, and where each comes from.</summary>
internal static class ConfigCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var show = new Command("show", "Show the endpoint and identity in effect and where each comes from");
        CommandRunner.SetAction(show, globals, context, async (_, session, cancellationToken) =>
        {
            var settings = await session.SettingsAsync(cancellationToken);
            var endpoint = settings.Endpoint.ToString().TrimEnd('/');
            var token = settings.Token is null ? null : "(set)";
            if (session.Json)
            {
                session.WriteJson(JsonSerializer.Serialize(new
                {
                    configPath = settings.ConfigPath,
                    configExists = File.Exists(settings.ConfigPath),
                    endpoint,
                    endpointSource = settings.EndpointSource,
                    user = settings.User,
                    userSource = settings.UserSource,
                    token,
                    tokenSource = settings.TokenSource,
                }, ApiJson.Output));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("SETTING", "VALUE", "FROM");
            table.AddRow("endpoint", Markup.Escape(endpoint), Markup.Escape(settings.EndpointSource));
            table.AddRow("user", Markup.Escape(settings.User ?? "(anonymous)"), Markup.Escape(settings.UserSource ?? "-"));
            table.AddRow("token", token ?? "(none)", Markup.Escape(settings.TokenSource ?? "-"));
            session.Console.Write(table);
            session.Console.WriteLine($"config file: {settings.ConfigPath}{(File.Exists(settings.ConfigPath) ? string.Empty : " (not created yet: envctl login)")}");
            return ExitCodes.Ok;
        });
        return new Command("config", "The endpoint and identity envctl uses") { show };
    }
}
