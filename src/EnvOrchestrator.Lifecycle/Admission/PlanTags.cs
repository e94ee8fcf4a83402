using System.Text.Json;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// Reads the tags a planned resource will carry. A resource is taggable when its planned attributes have <c>tags</c>
/// or <c>tags_all</c>; <c>tags_all</c> wins, as it is what the provider applies (the resource's tags merged with the
/// provider's default tags). A <c>terraform_data</c> stands in for a cloud resource in offline modules, so its
/// <c>input</c> object counts as its attributes. Values only known after apply, and values redacted as sensitive,
/// count as present: the plan cannot show them, and refusing them would refuse every computed tag.
/// </summary>
internal static class PlanTags
{
    /// <summary>The required keys the change leaves out or empty, in the order required; none when it is not taggable.</summary>
    public static IReadOnlyList<string> Missing(TerraformResourceChange change, IEnumerable<string> required)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (attributes, unknown) = change.Type == "terraform_data"
            ? (Property(change.After, "input"), Property(change.AfterUnknown, "input"))
            : (change.After, change.AfterUnknown);
        if (unknown.ValueKind == JsonValueKind.True)
        {
            return [];
        }

        if (!TryTags(attributes, unknown, "tags_all", out var tags, out var tagsUnknown) && !TryTags(attributes, unknown, "tags", out tags, out tagsUnknown))
        {
            return [];
        }

        if (tagsUnknown.ValueKind == JsonValueKind.True || IsRedacted(tags))
        {
            return [];
        }

        return [.. required.Where(key => !Present(tags, tagsUnknown, key))];
    }

    private static bool TryTags(JsonElement attributes, JsonElement unknown, string name, out JsonElement tags, out JsonElement tagsUnknown)
    {
        tagsUnknown = Property(unknown, name);
        tags = Property(attributes, name);
        return attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty(name, out _) || tagsUnknown.ValueKind == JsonValueKind.True;
    }

    private static bool Present(JsonElement tags, JsonElement tagsUnknown, string key)
    {
        if (Property(tagsUnknown, key).ValueKind == JsonValueKind.True)
        {
            return true;
        }

        var value = Property(tags, key);
        return value.ValueKind switch
        {
            JsonValueKind.String => !string.IsNullOrWhiteSpace(value.GetString()),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
            _ => false,
        };
    }

    private static bool IsRedacted(JsonElement value) => value.ValueKind == JsonValueKind.String && value.GetString() == TerraformResourceChange.Redacted;

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;
}
