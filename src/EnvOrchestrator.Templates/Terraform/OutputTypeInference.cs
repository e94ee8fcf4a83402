using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Templates.Terraform;

/// <summary>
/// The type of a module output, from its <c>value</c> expression, since Terraform outputs declare none: a variable's
/// declared type, a literal's, or a conversion function's result. An attribute of a resource or data source needs the
/// provider's schema, which is not available offline: such outputs stay <see cref="ValueKind.Any"/>, and say why.
/// </summary>
internal static partial class OutputTypeInference
{
    private static readonly ImmutableDictionary<string, ValueKind> Functions = new Dictionary<string, ValueKind>(StringComparer.Ordinal)
    {
        ["tostring"] = ValueKind.String, ["format"] = ValueKind.String, ["join"] = ValueKind.String, ["lower"] = ValueKind.String,
        ["upper"] = ValueKind.String, ["trimspace"] = ValueKind.String, ["replace"] = ValueKind.String, ["substr"] = ValueKind.String,
        ["sha256"] = ValueKind.String, ["sha1"] = ValueKind.String, ["md5"] = ValueKind.String, ["base64encode"] = ValueKind.String,
        ["base64decode"] = ValueKind.String, ["jsonencode"] = ValueKind.String, ["uuid"] = ValueKind.String, ["timestamp"] = ValueKind.String,
        ["tonumber"] = ValueKind.Number, ["length"] = ValueKind.Number, ["max"] = ValueKind.Number, ["min"] = ValueKind.Number,
        ["ceil"] = ValueKind.Number, ["floor"] = ValueKind.Number, ["tobool"] = ValueKind.Bool, ["can"] = ValueKind.Bool,
        ["contains"] = ValueKind.Bool, ["tolist"] = ValueKind.List, ["toset"] = ValueKind.List, ["concat"] = ValueKind.List,
        ["keys"] = ValueKind.List, ["values"] = ValueKind.List, ["split"] = ValueKind.List, ["distinct"] = ValueKind.List,
        ["flatten"] = ValueKind.List, ["tomap"] = ValueKind.Map, ["merge"] = ValueKind.Map, ["zipmap"] = ValueKind.Map,
    }.ToImmutableDictionary();

    /// <returns>The type, and why it is <see cref="ValueKind.Any"/> when it is.</returns>
    public static (ValueKind Type, string? Reason) Infer(string? value, ImmutableArray<TerraformVariable> variables)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (ValueKind.Any, "the output has no value expression");
        }

        if (VariableReference().Match(text) is { Success: true } variable)
        {
            var declared = variables.FirstOrDefault(v => v.Name == variable.Groups["name"].Value);
            return declared?.Type is { } type ? (type, null) : (ValueKind.Any, $"variable '{variable.Groups["name"].Value}' declares no type");
        }

        if (text[0] == '"' || text.StartsWith("<<", StringComparison.Ordinal))
        {
            return (ValueKind.String, null);
        }

        if (text is "true" or "false")
        {
            return (ValueKind.Bool, null);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return (ValueKind.Number, null);
        }

        if (text[0] == '[')
        {
            return (ValueKind.List, null);
        }

        if (text[0] == '{')
        {
            return (ValueKind.Object, null);
        }

        if (FunctionCall().Match(text) is { Success: true } call && Functions.TryGetValue(call.Groups["name"].Value, out var result))
        {
            return (result, null);
        }

        return (ValueKind.Any, $"its value ({Shorten(text)}) comes from a resource or an expression whose type needs the provider's schema");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"^var\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^(?<name>[a-z0-9_]+)\(")]
    private static partial Regex FunctionCall();
}
