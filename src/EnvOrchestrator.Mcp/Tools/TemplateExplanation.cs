using System.Globalization;
using System.Text;
using EnvOrchestrator.Lifecycle.Contracts;

namespace EnvOrchestrator.Mcp.Tools;

/// <summary>
/// A template in plain words, one line per input, for a language model to read before it fills in a create call; the
/// same facts follow as JSON for programs.
/// </summary>
internal static class TemplateExplanation
{
    public static string Write(TemplateDetails template)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Environment template {template.Name} {template.Version}");
        text.AppendLine(template.Description is null ? "." : $": {template.Description}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Create one with create_environment(template: \"{template.Name}@{template.Version}\", inputs: {{…}}); every input may be omitted unless marked required.");
        text.AppendLine();
        text.AppendLine(template.Inputs.Count == 0 ? "Inputs: none." : "Inputs:");
        foreach (var input in template.Inputs)
        {
            text.AppendLine(Input(input));
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Resources (deployed in dependency order): {List(template.Resources)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Outputs (shown by environment_status once Ready; sensitive ones masked): {List(template.Outputs)}.");
        text.Append(Lifetime(template.Lifetime));
        return text.ToString();
    }

    private static string Input(InputSchema input)
    {
        var facts = new List<string> { input.Type, input.Required ? "required" : "optional" };
        if (input.Default is { } value)
        {
            facts.Add($"default {value.GetRawText()}");
        }

        if (input.Allowed.Count > 0)
        {
            facts.Add($"one of {string.Join(", ", input.Allowed.Select(a => a.GetRawText()))}");
        }

        if (input.Pattern is not null)
        {
            facts.Add($"matches /{input.Pattern}/");
        }

        if (input.Min is not null || input.Max is not null)
        {
            facts.Add($"from {Number(input.Min, "-∞")} to {Number(input.Max, "∞")}");
        }

        if (input.Sensitive)
        {
            facts.Add("sensitive (never shown back)");
        }

        facts.Add(input.Override switch
        {
            "notallowed" => "fixed by the template: do not send it",
            "restricted" => "only the listed values",
            _ => "may be set",
        });
        var line = $"- {input.Name} ({string.Join("; ", facts)})";
        return input.Description is null ? line : $"{line}: {input.Description}";
    }

    private static string Lifetime(LifetimeView lifetime)
    {
        var parts = new List<string>();
        if (lifetime.DefaultTtl is { } ttl)
        {
            parts.Add($"default TTL {Duration(ttl)}");
        }

        if (lifetime.MaxTtl is { } max)
        {
            parts.Add($"maximum TTL {Duration(max)}");
        }

        if (lifetime.MaxExtensions is { } count)
        {
            parts.Add(lifetime.MaxExtension is { } by ? $"up to {count} extension(s) of at most {Duration(by)}" : $"up to {count} extension(s)");
        }

        return parts.Count == 0
            ? "Lifetime: no expiry unless a ttl is given."
            : $"Lifetime: {string.Join(", ", parts)} (ttl and extend_environment take durations such as 30m, 4h, 1h30m).";
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private static string Number(decimal? value, string unbounded) => value?.ToString(CultureInfo.InvariantCulture) ?? unbounded;

    // The catalog's own notation (8h, 30m, 1h30m), which DurationText reads back.
    private static string Duration(TimeSpan value)
    {
        var text = new StringBuilder();
        if (value.Days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Days}d");
        }

        if (value.Hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Hours}h");
        }

        if (value.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }

        if (value.Seconds > 0 || text.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        }

        return text.ToString();
    }
}
