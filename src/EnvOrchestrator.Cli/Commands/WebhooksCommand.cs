using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EnvOrchestrator.Cli.Http;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Commands;

/// <summary><c>envctl webhooks add|list|remove|deliveries</c>: a project's subscriptions to its environment events.</summary>
internal static class WebhooksCommand
{
    public static Command Create(GlobalOptions globals, CliContext context) =>
        new("webhooks", "Send a project's environment events to chat or automation (project admins)")
        {
            Add(globals, context),
            List(globals, context),
            Remove(globals, context),
            Deliveries(globals, context),
        };

    private static Command Add(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var url = new Argument<string>("URL") { Description = "Where to POST the events (https)" };
        var events = new Option<string[]>("--event") { Description = "Only this event (repeatable): created, awaiting-approval, ready, failed, expiring-soon, extended, destroyed", HelpName = "EVENT" };
        var format = new Option<string?>("--format") { Description = "cloudevents (default), slack or teams", HelpName = "FORMAT" };
        var secret = new Option<string?>("--secret") { Description = "The signing secret (whsec_…); generated when omitted", HelpName = "SECRET" };
        var command = new Command("add", "Subscribe a URL; prints the signing secret once") { project, url, events, format, secret };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var body = new JsonObject { ["url"] = parse.GetValue(url) };
            if (parse.GetValue(events) is { Length: > 0 } chosen)
            {
                body["events"] = new JsonArray([.. chosen.Select(e => (JsonNode)e)]);
            }

            body["format"] = parse.GetValue(format);
            body["secret"] = parse.GetValue(secret);
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.SendAsync(HttpMethod.Post, ApiPaths.Webhooks(parse.GetValue(project)!), body, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
                return ExitCodes.Ok;
            }

            var created = JsonNode.Parse(response.Body)!;
            var webhook = created["webhook"]!;
            session.Console.MarkupLineInterpolated($"Webhook [bold]{webhook["id"]!.GetValue<string>()}[/] sends {string.Join(", ", webhook["events"]!.AsArray().Select(e => e!.GetValue<string>()))} to {webhook["url"]!.GetValue<string>()} as {webhook["format"]!.GetValue<string>()}.");
            session.Console.MarkupLineInterpolated($"Signing secret (shown once, keep it): [bold]{created["secret"]!.GetValue<string>()}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var command = new Command("list", "List a project's webhooks (never their secrets)") { project };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.GetAsync(ApiPaths.Webhooks(parse.GetValue(project)!), cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("ID", "URL", "EVENTS", "FORMAT", "CREATED BY");
            foreach (var webhook in JsonNode.Parse(response.Body)!.AsArray())
            {
                table.AddRow(
                    Markup.Escape(webhook!["id"]!.GetValue<string>()),
                    Markup.Escape(webhook["url"]!.GetValue<string>()),
                    Markup.Escape(string.Join(",", webhook["events"]!.AsArray().Select(e => e!.GetValue<string>()))),
                    Markup.Escape(webhook["format"]!.GetValue<string>()),
                    Markup.Escape(webhook["createdBy"]!.GetValue<string>()));
            }

            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var id = new Argument<string>("ID") { Description = "The webhook's id (see webhooks list)" };
        var command = new Command("remove", "Remove a webhook; its pending deliveries are given up") { project, id };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var api = await session.ApiAsync(cancellationToken);
            await api.SendAsync(HttpMethod.Delete, ApiPaths.Webhook(parse.GetValue(project)!, parse.GetValue(id)!), null, cancellationToken);
            if (!session.Json)
            {
                session.Console.MarkupLineInterpolated($"Webhook {parse.GetValue(id)} removed.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Deliveries(GlobalOptions globals, CliContext context)
    {
        var project = EnvCommand.Project();
        var id = new Argument<string>("ID") { Description = "The webhook's id (see webhooks list)" };
        var command = new Command("deliveries", "A webhook's delivery log, newest first") { project, id };
        CommandRunner.SetAction(command, globals, context, async (parse, session, cancellationToken) =>
        {
            var api = await session.ApiAsync(cancellationToken);
            var response = await api.GetAsync(ApiPaths.Webhook(parse.GetValue(project)!, parse.GetValue(id)!) + "/deliveries", cancellationToken);
            if (session.Json)
            {
                session.WriteJson(response.Body);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("EVENT", "ENVIRONMENT", "STATUS", "ATTEMPTS", "LAST ANSWER", "AT");
            foreach (var delivery in JsonNode.Parse(response.Body)!.AsArray())
            {
                var answer = delivery!["lastStatusCode"]?.GetValue<int>().ToString(CultureInfo.InvariantCulture) ?? delivery["lastError"]?.GetValue<string>() ?? "";
                table.AddRow(
                    Markup.Escape(delivery["event"]!.GetValue<string>()),
                    Markup.Escape(delivery["environment"]!.GetValue<string>()),
                    Markup.Escape(delivery["status"]!.GetValue<string>()),
                    delivery["attempts"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(answer),
                    Markup.Escape((delivery["deliveredAt"] ?? delivery["lastAttemptAt"] ?? delivery["createdAt"])!.GetValue<string>()));
            }

            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
