using System.Text.Json;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Json;

/// <summary>
/// Turns one line of Terraform's machine-readable UI (<c>-json</c>) into a typed event. Unknown fields are ignored and
/// unknown message types become <see cref="MessageEvent"/>s; every text is redacted.
/// </summary>
internal static class UiLineParser
{
    /// <summary>The UI major version this parser understands (Terraform 1.x prints "ui":"1.2").</summary>
    public const int SupportedUiMajorVersion = 1;

    public static TerraformEvent Parse(string line, string command, DateTimeOffset timestamp, SecretRedactor redactor, out string? uiVersion)
    {
        uiVersion = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return new MessageEvent("text", redactor.Redact(line)) { Command = command, Timestamp = timestamp };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new MessageEvent("text", redactor.Redact(line)) { Command = command, Timestamp = timestamp };
            }

            var type = Text(root, "type");
            var hook = Property(root, "hook");
            var address = Text(Property(hook, "resource"), "addr");
            var action = Text(hook, "action");
            var elapsed = Property(hook, "elapsed_seconds") is { ValueKind: JsonValueKind.Number } e && e.TryGetInt32(out var seconds) ? seconds : 0;
            TerraformEvent result = type switch
            {
                "version" => Version(root, out uiVersion, redactor),
                "apply_start" => new ResourceStartedEvent(address, action),
                "apply_progress" => new ResourceProgressEvent(address, action, elapsed),
                "apply_complete" => new ResourceCompletedEvent(
                    address, action, NullIfEmpty(Text(hook, "id_key")), redactor.RedactOrNull(NullIfEmpty(Text(hook, "id_value"))), elapsed),
                "apply_errored" => new ResourceErroredEvent(address, action, elapsed),
                "refresh_start" => new ResourceStartedEvent(address, "refresh"),
                "refresh_complete" => new ResourceCompletedEvent(
                    address, "refresh", NullIfEmpty(Text(hook, "id_key")), redactor.RedactOrNull(NullIfEmpty(Text(hook, "id_value"))), 0),
                "provision_start" => Provisioner(hook, address, ProvisionerStage.Started, null),
                "provision_progress" => Provisioner(hook, address, ProvisionerStage.Output, redactor.Redact(Text(hook, "output"))),
                "provision_complete" => Provisioner(hook, address, ProvisionerStage.Completed, null),
                "provision_errored" => Provisioner(hook, address, ProvisionerStage.Errored, null),
                "planned_change" => PlannedChange(root),
                "change_summary" => ChangeSummary(root),
                "outputs" => Outputs(root),
                "diagnostic" => Diagnostic(root, redactor),
                _ => new MessageEvent(Text(root, "@level"), redactor.Redact(Text(root, "@message"))),
            };
            return result with { Command = command, Timestamp = timestamp };
        }
    }

    public static bool IsSupported(string uiVersion)
    {
        var major = uiVersion.Split('.')[0];
        return int.TryParse(major, out var value) && value == SupportedUiMajorVersion;
    }

    private static MessageEvent Version(JsonElement root, out string? uiVersion, SecretRedactor redactor)
    {
        uiVersion = NullIfEmpty(Text(root, "ui"));
        return new MessageEvent("info", redactor.Redact(Text(root, "@message")));
    }

    private static ProvisionerEvent Provisioner(JsonElement hook, string address, ProvisionerStage stage, string? output) =>
        new(address, Text(hook, "provisioner"), stage, output);

    private static PlannedChangeEvent PlannedChange(JsonElement root)
    {
        var change = Property(root, "change");
        return new PlannedChangeEvent(Text(Property(change, "resource"), "addr"), Text(change, "action"));
    }

    private static ChangeSummaryEvent ChangeSummary(JsonElement root)
    {
        var changes = Property(root, "changes");
        return new ChangeSummaryEvent(new TerraformChangeSummary(
            Int(changes, "add"), Int(changes, "change"), Int(changes, "remove"), Int(changes, "import"), Text(changes, "operation")));
    }

    // Values are left out on purpose: a non-sensitive output may still echo a secret, and the result carries them anyway.
    private static OutputsEvent Outputs(JsonElement root)
    {
        var outputs = new List<TerraformOutputChange>();
        if (Property(root, "outputs") is { ValueKind: JsonValueKind.Object } all)
        {
            foreach (var output in all.EnumerateObject())
            {
                var action = Text(output.Value, "action");
                outputs.Add(new TerraformOutputChange(
                    output.Name, action.Length > 0 ? [action] : [], Property(output.Value, "sensitive").ValueKind == JsonValueKind.True));
            }
        }

        return new OutputsEvent(outputs);
    }

    private static DiagnosticEvent Diagnostic(JsonElement root, SecretRedactor redactor)
    {
        var diagnostic = Property(root, "diagnostic");
        return new DiagnosticEvent(
            Text(diagnostic, "severity"),
            redactor.Redact(Text(diagnostic, "summary")),
            redactor.Redact(Text(diagnostic, "detail")),
            NullIfEmpty(Text(diagnostic, "address")));
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : string.Empty;

    private static int Int(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : 0;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
