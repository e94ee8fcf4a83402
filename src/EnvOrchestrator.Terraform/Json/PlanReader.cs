using System.Text.Json;
using System.Text.Json.Nodes;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Json;

/// <summary>
/// Reads <c>terraform show -json PLAN</c>. Every value the plan marks sensitive (declared sensitive variables,
/// <c>after_sensitive</c>/<c>before_sensitive</c> attributes, sensitive outputs) is handed to the redactor, and the
/// returned plan carries "(sensitive)" in its place.
/// </summary>
internal static class PlanReader
{
    private const string Hidden = TerraformResourceChange.Redacted;

    /// <summary>The plan, and the names of root variables the module declares sensitive.</summary>
    public static (TerraformPlan Plan, IReadOnlySet<string> SensitiveVariables) Read(string json, SecretRedactor redactor)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        var sensitiveVariables = new HashSet<string>(StringComparer.Ordinal);
        if (TryGetPath(root, out var declared, "configuration", "root_module", "variables"))
        {
            foreach (var variable in declared.EnumerateObject())
            {
                if (variable.Value.TryGetProperty("sensitive", out var flag) && flag.ValueKind == JsonValueKind.True)
                {
                    sensitiveVariables.Add(variable.Name);
                }
            }
        }

        if (root.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in variables.EnumerateObject())
            {
                if (sensitiveVariables.Contains(variable.Name) && variable.Value.TryGetProperty("value", out var value))
                {
                    redactor.Add(value);
                }
            }
        }

        var resourceChanges = new List<TerraformResourceChange>();
        if (root.TryGetProperty("resource_changes", out var changes) && changes.ValueKind == JsonValueKind.Array)
        {
            foreach (var change in changes.EnumerateArray())
            {
                var detail = change.GetProperty("change");
                if (detail.TryGetProperty("before", out var before))
                {
                    Mask(before, Property(detail, "before_sensitive"), redactor);
                }

                var after = detail.TryGetProperty("after", out var a)
                    ? JsonSerializer.SerializeToElement(Mask(a, Property(detail, "after_sensitive"), redactor))
                    : default;
                resourceChanges.Add(new TerraformResourceChange(
                    String(change, "address"), String(change, "type"), String(change, "name"), Actions(detail), after)
                {
                    // Only booleans, never values: nothing to redact. Cloned because the document is disposed.
                    AfterUnknown = Property(detail, "after_unknown").ValueKind == JsonValueKind.Undefined ? default : Property(detail, "after_unknown").Clone(),
                });
            }
        }

        var outputChanges = new List<TerraformOutputChange>();
        if (root.TryGetProperty("output_changes", out var outputs) && outputs.ValueKind == JsonValueKind.Object)
        {
            foreach (var output in outputs.EnumerateObject())
            {
                var sensitive = Property(output.Value, "after_sensitive").ValueKind == JsonValueKind.True ||
                    Property(output.Value, "before_sensitive").ValueKind == JsonValueKind.True;
                Mask(Property(output.Value, "after"), Property(output.Value, "after_sensitive"), redactor);
                Mask(Property(output.Value, "before"), Property(output.Value, "before_sensitive"), redactor);
                outputChanges.Add(new TerraformOutputChange(output.Name, Actions(output.Value), sensitive));
            }
        }

        if (TryGetPath(root, out var plannedOutputs, "planned_values", "outputs"))
        {
            foreach (var output in plannedOutputs.EnumerateObject())
            {
                if (Property(output.Value, "sensitive").ValueKind == JsonValueKind.True && output.Value.TryGetProperty("value", out var value))
                {
                    redactor.Add(value);
                }
            }
        }

        return (new TerraformPlan(resourceChanges, outputChanges), sensitiveVariables);
    }

    /// <summary>A copy of <paramref name="value"/> with the parts <paramref name="mask"/> flags replaced (and registered).</summary>
    private static JsonNode? Mask(JsonElement value, JsonElement mask, SecretRedactor redactor)
    {
        if (mask.ValueKind == JsonValueKind.True)
        {
            if (value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                redactor.Add(value);
            }

            return JsonValue.Create(Hidden);
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in value.EnumerateObject())
                {
                    obj[property.Name] = Mask(property.Value, Property(mask, property.Name), redactor);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var itemMask = mask.ValueKind == JsonValueKind.Array && index < mask.GetArrayLength() ? mask[index] : default;
                    array.Add(Mask(item, itemMask, redactor));
                    index++;
                }

                return array;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            default:
                return JsonNode.Parse(value.GetRawText());
        }
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string String(JsonElement element, string name) => Property(element, name).ValueKind == JsonValueKind.String
        ? Property(element, name).GetString()!
        : string.Empty;

    private static List<string> Actions(JsonElement change) =>
        Property(change, "actions") is { ValueKind: JsonValueKind.Array } actions
            ? actions.EnumerateArray().Select(a => a.GetString() ?? string.Empty).ToList()
            : [];

    private static bool TryGetPath(JsonElement root, out JsonElement result, params string[] path)
    {
        result = root;
        foreach (var name in path)
        {
            result = Property(result, name);
        }

        return result.ValueKind == JsonValueKind.Object;
    }
}
