using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EnvOrchestrator.Terraform.Redaction;

/// <summary>
/// Replaces known sensitive values in text. Each sensitive value contributes its leaves (strings, and numbers of four
/// or more characters), their JSON-escaped forms and each line of multi-line strings; shorter leaves and booleans are
/// not redacted, as replacing "1" or "true" everywhere would destroy every message without protecting anything.
/// </summary>
internal sealed class SecretRedactor
{
    public const string Placeholder = "(sensitive value)";
    private const int MinimumLength = 4;

    private static readonly JsonSerializerOptions RelaxedEscaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private string[] _ordered = [];

    public void Add(JsonElement value)
    {
        lock (_gate)
        {
            AddLeaves(value);
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                AddText(value.GetRawText());
            }

            // Longest first, so a secret containing another is replaced whole.
            _ordered = _secrets.OrderByDescending(s => s.Length).ToArray();
        }
    }

    public string Redact(string text)
    {
        var secrets = _ordered;
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    private void AddLeaves(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    AddLeaves(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddLeaves(item);
                }

                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                AddText(text);
                // As Terraform and other tools print it inside JSON or quoted text: \" and \n, or \u0022 and \u000A.
                AddText(JsonSerializer.Serialize(text, RelaxedEscaping)[1..^1]);
                AddText(JsonSerializer.Serialize(text)[1..^1]);
                foreach (var line in text.Split('\n'))
                {
                    AddText(line.TrimEnd('\r'));
                }

                break;
            case JsonValueKind.Number:
                AddText(value.GetRawText());
                if (value.TryGetDouble(out var number))
                {
                    AddText(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
        }
    }

    private void AddText(string text)
    {
        if (text.Trim().Length >= MinimumLength)
        {
            _secrets.Add(text);
        }
    }
}
