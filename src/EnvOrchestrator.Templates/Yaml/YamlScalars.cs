using System.Globalization;
using System.Text.RegularExpressions;

namespace EnvOrchestrator.Templates.Yaml;

/// <summary>
/// Resolves plain scalars as the YAML 1.2 core schema does (null, true/false, numbers); everything else, and every
/// quoted scalar, is a string. YAML 1.1's yes/no/on/off booleans are deliberately strings ("Norway problem").
/// </summary>
internal static partial class YamlScalars
{
    public enum ScalarType
    {
        Null,
        Bool,
        Number,
        Text,
    }

    public static ScalarType Classify(YamlScalar scalar, out bool boolean, out decimal number)
    {
        boolean = false;
        number = 0;
        if (!scalar.IsPlain)
        {
            return ScalarType.Text;
        }

        var text = scalar.Text;
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return ScalarType.Null;
            case "true" or "True" or "TRUE":
                boolean = true;
                return ScalarType.Bool;
            case "false" or "False" or "FALSE":
                return ScalarType.Bool;
        }

        if (NumberPattern().IsMatch(text)
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return ScalarType.Number;
        }

        return ScalarType.Text;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
