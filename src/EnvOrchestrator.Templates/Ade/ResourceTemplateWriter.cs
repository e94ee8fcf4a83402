using System.Globalization;
using System.Text;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Templates.Ade;

/// <summary>
/// Writes a resource template as a catalog <c>template.yaml</c>, e.g. to turn an imported ADE definition into a
/// catalog entry. Strings are written as double-quoted scalars with JSON escaping, which YAML reads back verbatim.
/// </summary>
public static class ResourceTemplateWriter
{
    public static string ToYaml(ResourceTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: envorch.io/v1\nkind: ResourceTemplate\nmetadata:\n");
        yaml.Append("  name: ").Append(Quote(template.Name)).Append('\n');
        yaml.Append("  version: ").Append(Quote(template.Version.ToString())).Append('\n');
        if (template.Description is { } description)
        {
            yaml.Append("  description: ").Append(Quote(description)).Append('\n');
        }

        if (template.Status != TemplateStatus.Active)
        {
            yaml.Append("  status: ").Append(template.Status.ToString().ToLowerInvariant()).Append('\n');
        }

        yaml.Append("spec:\n  module: ").Append(Quote(template.Module)).Append('\n');
        yaml.Append("  inputs:").Append(template.Inputs.IsEmpty ? " {}\n" : "\n");
        foreach (var input in template.Inputs)
        {
            yaml.Append("    ").Append(Quote(input.Name)).Append(":\n");
            yaml.Append("      type: ").Append(ValueKindNames.ToName(input.Type)).Append('\n');
            AppendIf(yaml, "description", input.Description is null ? null : Quote(input.Description));
            AppendIf(yaml, "default", input.Default is null ? null : Flow(input.Default));
            AppendIf(yaml, "required", input.Required || input.Default is not null ? null : "false");
            AppendIf(yaml, "pattern", input.Pattern is null ? null : Quote(input.Pattern));
            AppendIf(yaml, "allowed", input.Allowed.IsEmpty ? null : "[" + string.Join(", ", input.Allowed.Select(Flow)) + "]");
            AppendIf(yaml, "min", input.Min?.ToString(CultureInfo.InvariantCulture));
            AppendIf(yaml, "max", input.Max?.ToString(CultureInfo.InvariantCulture));
            AppendIf(yaml, "sensitive", input.Sensitive ? "true" : null);
            AppendIf(yaml, "override", input.Override switch
            {
                OverrideRule.Restricted => "restricted",
                OverrideRule.NotAllowed => "not-allowed",
                _ => null,
            });
        }

        yaml.Append("  outputs:").Append(template.Outputs.IsEmpty ? " {}\n" : "\n");
        foreach (var output in template.Outputs)
        {
            yaml.Append("    ").Append(Quote(output.Name)).Append(":\n");
            yaml.Append("      type: ").Append(ValueKindNames.ToName(output.Type)).Append('\n');
            AppendIf(yaml, "description", output.Description is null ? null : Quote(output.Description));
            AppendIf(yaml, "sensitive", output.Sensitive ? "true" : null);
        }

        return yaml.ToString();
    }

    private static void AppendIf(StringBuilder yaml, string key, string? value)
    {
        if (value is not null)
        {
            yaml.Append("      ").Append(key).Append(": ").Append(value).Append('\n');
        }
    }

    private static string Flow(Value value) => value switch
    {
        StringValue s => Quote(s.Value),
        NumberValue n => n.Value.ToString(CultureInfo.InvariantCulture),
        BoolValue b => b.Value ? "true" : "false",
        ListValue l => "[" + string.Join(", ", l.Items.Select(Flow)) + "]",
        MapValue m => "{" + string.Join(", ", m.Entries.Select(e => Quote(e.Key) + ": " + Flow(e.Value))) + "}",
        _ => "null",
    };

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
