using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EnvOrchestrator.Cli.Commands;

/// <summary>
/// Environment inputs from <c>--inputs-file</c> (a JSON or YAML object) overlaid with <c>--input key=value</c> flags.
/// A flag's value is JSON when it parses as JSON (<c>3</c>, <c>true</c>, <c>["a"]</c>, <c>"007"</c>) and a string otherwise.
/// </summary>
internal static class InputValues
{
    public static async Task<JsonObject?> ReadAsync(string? file, IReadOnlyList<string> pairs, CancellationToken cancellationToken)
    {
        var inputs = file is null ? null : await ReadFileAsync(file, cancellationToken);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Invalid, $"--input '{pair}' is not key=value.", "Write each input as --input name=value, e.g. --input delay_seconds=5.");
            }

            inputs ??= [];
            inputs[pair[..equals].Trim()] = ParseValue(pair[(equals + 1)..]);
        }

        return inputs;
    }

    internal static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static async Task<JsonObject> ReadFileAsync(string file, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Invalid, $"Cannot read the inputs file {file}: {e.Message}", "Give the path of a JSON or YAML file holding an object of inputs.", e);
        }

        var extension = Path.GetExtension(file).ToUpperInvariant();
        try
        {
            var node = extension is ".YAML" or ".YML" ? FromYaml(text) : JsonNode.Parse(text);
            return node as JsonObject
                ?? throw new CliException(ExitCodes.Invalid, $"The inputs file {file} does not hold an object.", "Write the inputs as an object: {\"name\": value, …} in JSON, or name: value lines in YAML.");
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw new CliException(ExitCodes.Invalid, $"The inputs file {file} is not valid {(extension is ".YAML" or ".YML" ? "YAML" : "JSON")}: {e.Message}", "Fix the file; .yaml and .yml files are read as YAML, others as JSON.", e);
        }
    }

    private static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, Convert(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    // Only plain (unquoted) scalars are typed, as YAML 1.2's core schema does; quoted ones are always strings.
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
