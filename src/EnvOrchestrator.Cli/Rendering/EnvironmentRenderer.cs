using EnvOrchestrator.Cli.Http;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Rendering;

/// <summary>Environments, their resources, outputs, runs and plans as tables.</summary>
internal static class EnvironmentRenderer
{
    public static void List(IAnsiConsole console, EnvironmentPageModel page, DateTimeOffset now)
    {
        if (page.Items.Count == 0)
        {
            console.WriteLine("No environments.");
            return;
        }

        var table = new Table().AddColumns("NAME", "STATUS", "TEMPLATE", "EXPIRES", "CREATED BY");
        foreach (var environment in page.Items)
        {
            table.AddRow(
                Esc(environment.Name),
                StatusMarkup(environment.Status),
                Esc($"{environment.Template}@{environment.TemplateVersion}"),
                Esc(environment.Status == "Destroyed" ? "-" : Display.Expiry(environment.ExpiresAt, now)),
                Esc(environment.CreatedBy ?? "-"));
        }

        console.Write(table);
        if (page.ContinuationToken is not null)
        {
            console.WriteLine($"More environments: add --continuation-token {page.ContinuationToken}");
        }
    }

    public static void Show(IAnsiConsole console, EnvironmentModel environment, DateTimeOffset now)
    {
        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow("[bold]environment[/]", Esc($"{environment.Project}/{environment.Name}"));
        facts.AddRow("[bold]status[/]", StatusMarkup(environment.Status));
        facts.AddRow("[bold]template[/]", Esc($"{environment.Template}@{environment.TemplateVersion}"));
        facts.AddRow("[bold]created[/]", Esc($"{Display.Time(environment.CreatedAt)} by {environment.CreatedBy ?? "-"}"));
        if (environment.Status != "Destroyed")
        {
            facts.AddRow("[bold]expires[/]", Esc($"{Display.Expiry(environment.ExpiresAt, now)} ({Display.Time(environment.ExpiresAt)}, extended {environment.ExtensionCount}x)"));
        }

        facts.AddRow("[bold]current run[/]", Esc(environment.CurrentRunId ?? "none"));
        console.Write(facts);
        console.WriteLine();

        if (environment.Resources is { Count: > 0 } resources)
        {
            console.Write(Resources(resources, now));
        }

        if (environment.Outputs is { Count: > 0 } outputs)
        {
            console.Write(Values("OUTPUT", outputs));
        }

        Failure(console, environment.Failure);
        Approval(console, environment, now);
        if (environment.PolicyResults is { Count: > 0 } policies)
        {
            var table = new Table().AddColumns("POLICY", "RULE", "ENFORCEMENT", "RESOURCE", "MESSAGE");
            foreach (var p in policies)
            {
                table.AddRow(Esc(p.Policy), Esc(p.Rule), Esc(p.Enforcement), Esc(p.Resource ?? "-"), Esc(p.Message));
            }

            console.Write(table);
        }
    }

    public static Table Resources(IReadOnlyList<ResourceModel> resources, DateTimeOffset now)
    {
        var table = new Table().AddColumns("RESOURCE", "TEMPLATE", "VERSION", "STATUS", "APPLIES", "TIME");
        foreach (var r in resources)
        {
            var elapsed = r.StartedAt is { } started ? Display.Duration((r.CompletedAt ?? now) - started) : "-";
            table.AddRow(Esc(r.Name), Esc(r.Template), Esc(r.Version ?? "-"), StatusMarkup(r.Status), r.ApplyCount.ToString(System.Globalization.CultureInfo.InvariantCulture), elapsed);
        }

        return table;
    }

    public static Table Values(string heading, IReadOnlyDictionary<string, ValueModel> values)
    {
        var table = new Table().AddColumns(heading, "VALUE");
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            table.AddRow(Esc(name), value.Sensitive || !value.Known ? $"[dim]{Esc(Display.Value(value))}[/]" : Esc(Display.Value(value)));
        }

        return table;
    }

    public static void Plan(IAnsiConsole console, PlanModel plan)
    {
        var table = new Table().AddColumns("RESOURCE", "ACTION", "CHANGES");
        foreach (var r in plan.Resources)
        {
            var lines = (r.Changes ?? []).ToList();
            if (r.UnknownInputs is { Count: > 0 } unknown)
            {
                lines.Add($"waits for: {string.Join(", ", unknown)}");
            }

            if (r.Failure is { } failure)
            {
                lines.Add($"failed: {failure.ErrorType}: {failure.Message}");
            }

            table.AddRow(Esc(r.Resource), Esc(r.Action), Esc(lines.Count == 0 ? "-" : string.Join(Environment.NewLine, lines)));
        }

        console.Write(table);
    }

    /// <summary>The pending approval (who asked, why, until when, how to decide), or the last decision.</summary>
    public static void Approval(IAnsiConsole console, EnvironmentModel environment, DateTimeOffset now)
    {
        if (environment.Approval is not { } approval)
        {
            return;
        }

        var what = approval.Subject == "extension" ? $"an extension by {approval.ExtendBy}" : "the deploy";
        if (approval.State == "pending")
        {
            console.MarkupLine($"[yellow]Awaiting approval[/] of {Esc(what)}, asked by {Esc(approval.RequestedBy)} {Esc(Display.Time(approval.RequestedAt))}; decide {Esc(Display.Expiry(approval.ExpiresAt, now))}:");
            foreach (var reason in approval.Reasons ?? [])
            {
                console.WriteLine($"  - {reason.Message}");
            }

            console.WriteLine($"An approver (project admin, not {approval.RequestedBy}) runs: envctl env approve {environment.Project} {environment.Name}   or   envctl env reject {environment.Project} {environment.Name} --reason \"...\"");
            return;
        }

        var decided = approval.DecidedBy is null ? string.Empty : $" by {approval.DecidedBy}";
        var because = approval.Reason is null ? string.Empty : $": {approval.Reason}";
        console.WriteLine($"Approval of {what}: {approval.State}{decided}{because}.");
    }

    public static void Failure(IAnsiConsole console, FailureModel? failure)
    {
        if (failure is null)
        {
            return;
        }

        var where = failure.Resource is null ? string.Empty : $" in resource {failure.Resource}";
        console.MarkupLine($"[red]failure{Esc(where)}:[/] {Esc(failure.ErrorType)}: {Esc(failure.Message)}");
        if (failure.Detail is not null)
        {
            console.WriteLine($"  {failure.Detail}");
        }
    }

    public static string StatusMarkup(string status) => status switch
    {
        "Ready" or "Succeeded" or "Destroyed" => $"[green]{Esc(status)}[/]",
        "Failed" => $"[red]{Esc(status)}[/]",
        "Cancelled" or "Skipped" or "AwaitingApproval" => $"[yellow]{Esc(status)}[/]",
        "Pending" or "Queued" => $"[dim]{Esc(status)}[/]",
        _ => $"[blue]{Esc(status)}[/]",
    };

    private static string Esc(string text) => Markup.Escape(text);
}
