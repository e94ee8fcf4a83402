using System.Globalization;
using EnvOrchestrator.Cli.Http;
using Spectre.Console;

namespace EnvOrchestrator.Cli.Rendering;

/// <summary>The catalog as tables: templates, and one template's inputs, resources, outputs and lifetime.</summary>
internal static class TemplateRenderer
{
    public static void List(IAnsiConsole console, IReadOnlyList<TemplateSummaryModel> templates)
    {
        if (templates.Count == 0)
        {
            console.WriteLine("No templates.");
            return;
        }

        var table = new Table().AddColumns("NAME", "VERSION", "RESOURCES", "DESCRIPTION");
        foreach (var t in templates)
        {
            table.AddRow(Esc(t.Name), Esc(t.Version), t.ResourceCount.ToString(CultureInfo.InvariantCulture), Esc(t.Description ?? string.Empty));
        }

        console.Write(table);
    }

    public static void Show(IAnsiConsole console, TemplateDetailsModel template)
    {
        console.MarkupLine($"[bold]{Esc(template.Name)}@{Esc(template.Version)}[/]");
        if (template.Description is not null)
        {
            console.WriteLine(template.Description);
        }

        console.WriteLine();
        var inputs = new Table().AddColumns("INPUT", "TYPE", "REQUIRED", "DEFAULT", "RULES", "DESCRIPTION");
        foreach (var i in template.Inputs ?? [])
        {
            inputs.AddRow(
                Esc(i.Name),
                Esc(i.Type),
                i.Required ? "yes" : "no",
                Esc(i.Sensitive ? Display.Sensitive : i.Default is { } d ? Display.Json(d) : "-"),
                Esc(Rules(i)),
                Esc(i.Description ?? string.Empty));
        }

        console.Write(inputs);
        console.WriteLine($"resources: {string.Join(", ", template.Resources ?? [])}");
        console.WriteLine($"outputs:   {string.Join(", ", template.Outputs ?? [])}");
        if (template.Lifetime is { } life)
        {
            console.WriteLine($"lifetime:  default {Ttl(life.DefaultTtl)}, at most {Ttl(life.MaxTtl)}, {life.MaxExtensions?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"} extension(s) of at most {Ttl(life.MaxExtension)}");
        }
    }

    private static string Rules(InputSchemaModel input)
    {
        var rules = new List<string>();
        if (input.Allowed is { Count: > 0 } allowed)
        {
            rules.Add("one of " + string.Join(", ", allowed.Select(a => Display.Json(a))));
        }

        if (input.Pattern is not null)
        {
            rules.Add($"matches {input.Pattern}");
        }

        if (input.Min is { } min)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $">= {min}"));
        }

        if (input.Max is { } max)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"<= {max}"));
        }

        return rules.Count == 0 ? "-" : string.Join("; ", rules);
    }

    private static string Ttl(TimeSpan? span) => span is { } s ? Display.Duration(s) : "unlimited";

    private static string Esc(string text) => Markup.Escape(text);
}
