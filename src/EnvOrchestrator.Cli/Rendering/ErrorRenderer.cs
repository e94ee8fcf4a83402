using EnvOrchestrator.Cli.Http;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Rendering;

/// <summary>Errors on stderr: what the service said (title, detail, field, rule) and what to do next.</summary>
internal static class ErrorRenderer
{
    public static void Problem(CliContext context, bool json, ApiProblemException error)
    {
        if (json && error.Body.Length > 0)
        {
            context.Error.WriteLine(error.Body);
            return;
        }

        var problem = error.Problem;
        var console = Consoles.CreateForMessages(context.Error, context);
        var code = problem.Code is null ? string.Empty : $", {problem.Code}";
        console.MarkupLine($"[red]error:[/] {Markup.Escape(problem.Title ?? "Error")} (HTTP {error.Status}{Markup.Escape(code)})");
        if (problem.Detail is not null)
        {
            console.WriteLine($"  {problem.Detail}");
        }

        if (problem.Field is not null)
        {
            console.WriteLine($"  field: {problem.Field}");
        }

        if (problem.Rule is not null)
        {
            console.WriteLine($"  rule:  {problem.Rule}");
        }

        console.MarkupLine($"[yellow]hint:[/] {Markup.Escape(Hint(error.Status, problem))}");
    }

    public static void Failure(CliContext context, string message, string? hint)
    {
        var console = Consoles.CreateForMessages(context.Error, context);
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        if (hint is not null)
        {
            console.MarkupLine($"[yellow]hint:[/] {Markup.Escape(hint)}");
        }
    }

    internal static string Hint(int status, ApiProblem problem) => (status, problem.Rule, problem.Field) switch
    {
        (_, "environment.exists", _) => "Pick another name, or destroy the existing environment first: envctl env destroy PROJECT NAME --wait.",
        (_, "value.invalid-duration", _) => $"Give {problem.Field} as a duration such as 4h, 90m or 1h30m.",
        (_, "webhook.not-found", _) => "See the project's webhooks: envctl webhooks list PROJECT.",
        (_, { } rule, { } field) when rule.StartsWith("webhook.", StringComparison.Ordinal) => $"Correct '{field}' and run the command again (envctl webhooks add --help).",
        (_, _, "template") when status is 400 or 404 => "See the templates you can use with: envctl templates list (and envctl templates show NAME for its inputs).",
        (400, _, { } field) => $"Correct '{field}' and run the command again; envctl templates show NAME lists a template's inputs and their rules.",
        (400 or 413 or 415, _, _) => "Correct the request and run the command again.",
        (401, _, _) => "Say who you are: envctl login --user NAME (or set ENVCTL_USER).",
        (403, _, _) => "Ask the project's owner for access, or pick a template shared with the project: envctl templates list.",
        (404, _, _) => "Check the names: envctl env list PROJECT shows a project's environments.",
        (409, _, _) => "Another run may be in progress or the state does not allow this: envctl env show PROJECT NAME; wait for the run or envctl env cancel it.",
        (412 or 428, _, _) => "The environment changed meanwhile: read it again (envctl env show) and repeat the change.",
        (422, _, _) => "A lifetime or policy rule refuses this request; change it to respect the rule named above.",
        (>= 500, _, _) => "The service failed; try again, and if it persists, look at the service's log.",
        _ => "Correct the request and run the command again.",
    };
}
