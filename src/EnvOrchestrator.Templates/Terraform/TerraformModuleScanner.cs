using System.Collections.Immutable;
using System.Text.RegularExpressions;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Templates.Terraform;

/// <summary>
/// Reads the <c>variable</c> and <c>output</c> blocks of a module's <c>*.tf</c> files with a small scanner.
/// Not an HCL parser: it finds top-level blocks by their header and matching braces (skipping strings and
/// comments), which is all the catalog needs and avoids running Terraform, which cannot init offline for most
/// providers.
/// </summary>
internal static partial class TerraformModuleScanner
{
    public static TerraformModule ScanDirectory(string directory)
    {
        var texts = Directory.EnumerateFiles(directory, "*.tf").Order(StringComparer.Ordinal).Select(File.ReadAllText);
        return Scan(texts);
    }

    public static TerraformModule Scan(IEnumerable<string> fileTexts)
    {
        fileTexts = fileTexts as IReadOnlyCollection<string> ?? fileTexts.ToList();
        var variables = ImmutableArray.CreateBuilder<TerraformVariable>();
        var outputs = ImmutableArray.CreateBuilder<TerraformOutput>();
        foreach (var text in fileTexts)
        {
            foreach (Match header in BlockHeader().Matches(text))
            {
                var body = BlockBody(text, header.Index + header.Length - 1);
                var name = header.Groups["name"].Value;
                var description = Attribute(body, "description") is { } d ? d.Trim().Trim('"') : null;
                var sensitive = Attribute(body, "sensitive")?.Trim() == "true";
                if (header.Groups["kind"].Value == "variable")
                {
                    var defaultText = Attribute(body, "default")?.Trim();
                    variables.Add(new TerraformVariable(name, TypeOf(Attribute(body, "type")), defaultText is not null, sensitive, description, defaultText));
                }
                else
                {
                    outputs.Add(new TerraformOutput(name, sensitive, description, Attribute(body, "value")?.Trim()));
                }
            }
        }

        var resourceTypes = new SortedSet<string>(StringComparer.Ordinal);
        var moduleSources = new List<string>();
        foreach (var text in fileTexts)
        {
            foreach (Match header in ResourceHeader().Matches(text))
            {
                resourceTypes.Add(header.Groups["type"].Value);
            }

            foreach (Match header in ModuleHeader().Matches(text))
            {
                var source = Attribute(BlockBody(text, header.Index + header.Length - 1), "source")?.Trim();
                moduleSources.Add(source is not null && source.Length >= 2 && source[0] == '"' && source[^1] == '"' ? source[1..^1] : source ?? string.Empty);
            }
        }

        return new TerraformModule(variables.ToImmutable(), outputs.ToImmutable()) { ResourceTypes = [.. resourceTypes], ModuleSources = [.. moduleSources] };
    }

    private static ValueKind? TypeOf(string? type)
    {
        if (type is null)
        {
            return null;
        }

        var t = type.Trim();
        var head = t.Split('(', 2)[0].Trim();
        return head switch
        {
            "string" => ValueKind.String,
            "number" => ValueKind.Number,
            "bool" => ValueKind.Bool,
            "list" or "set" or "tuple" => ValueKind.List,
            "map" => ValueKind.Map,
            "object" => ValueKind.Object,
            _ => ValueKind.Any,
        };
    }

    // The value of a top-level attribute inside a block body (first line only, or the balanced expression).
    private static string? Attribute(string body, string name)
    {
        var depth = 0;
        var lineStart = true;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '"')
            {
                i = SkipString(body, i);
                lineStart = false;
                continue;
            }

            if (c is '{' or '[' or '(')
            {
                depth++;
            }
            else if (c is '}' or ']' or ')')
            {
                depth--;
            }
            else if (c == '\n')
            {
                lineStart = true;
                continue;
            }
            else if (lineStart && depth == 0 && !char.IsWhiteSpace(c))
            {
                lineStart = false;
                var match = AttributeLine().Match(body, i);
                if (match.Success && match.Index == i && match.Groups["name"].Value == name)
                {
                    return ValueText(body, match.Index + match.Length);
                }
            }
        }

        return null;
    }

    private static string ValueText(string body, int start)
    {
        var depth = 0;
        var i = start;
        for (; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '"')
            {
                i = SkipString(body, i);
            }
            else if (c is '{' or '[' or '(')
            {
                depth++;
            }
            else if (c is '}' or ']' or ')')
            {
                depth--;
            }
            else if (c == '\n' && depth <= 0)
            {
                break;
            }
        }

        return body[start..Math.Min(i, body.Length)];
    }

    private static string BlockBody(string text, int openBrace)
    {
        var depth = 0;
        for (var i = openBrace; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                i = SkipString(text, i);
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return text[(openBrace + 1)..i];
            }
        }

        return text[(openBrace + 1)..];
    }

    private static int SkipString(string text, int quote)
    {
        for (var i = quote + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return text.Length;
    }

    // Indented and unquoted labels are valid HCL too: missing a resource here would let a deny rule skip the plan.
    [GeneratedRegex(@"^[ \t]*resource\s+""?(?<type>[A-Za-z0-9_-]+)""?\s+""?[A-Za-z0-9_-]+""?\s*\{", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ResourceHeader();

    [GeneratedRegex(@"^[ \t]*module\s+""?[A-Za-z0-9_-]+""?\s*\{", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ModuleHeader();

    [GeneratedRegex(@"^(?<kind>variable|output)\s+""(?<name>[^""]+)""\s*\{", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BlockHeader();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeLine();
}
