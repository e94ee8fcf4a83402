using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace EnvOrchestrator.Core.Expressions;

/// <summary>The outcome of parsing a template string; on failure <see cref="Error"/> says why.</summary>
public sealed record ExpressionParseResult(TemplateExpression? Expression, string? Error)
{
    public bool Succeeded => Expression is not null;
}

/// <summary>
/// Parses template strings: literal text with <c>${reference}</c> parts; <c>$${</c> is a literal <c>${</c>.
/// The language is deliberately small (references only, no functions or operators): wiring, not programming.
/// </summary>
public static class ExpressionParser
{
    public static ExpressionParseResult Parse(string text)
    {
        var segments = ImmutableArray.CreateBuilder<TemplateSegment>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && At(text, i + 1, "${"))
            {
                literal.Append("${");
                i += 3;
                continue;
            }

            if (!At(text, i, "${"))
            {
                literal.Append(text[i++]);
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                return new ExpressionParseResult(null, $"'${{' at offset {i.ToString(CultureInfo.InvariantCulture)} is not closed by '}}' (write '$${{' for a literal '${{')");
            }

            var body = text[(i + 2)..close].Trim();
            var reference = ParseReference(body, out var error);
            if (reference is null)
            {
                return new ExpressionParseResult(null, $"'${{{body}}}': {error}");
            }

            if (literal.Length > 0)
            {
                segments.Add(new LiteralSegment(literal.ToString()));
                literal.Clear();
            }

            segments.Add(new ReferenceSegment(reference));
            i = close + 1;
        }

        if (literal.Length > 0)
        {
            segments.Add(new LiteralSegment(literal.ToString()));
        }

        return new ExpressionParseResult(new TemplateExpression(segments.ToImmutable()), null);
    }

    /// <summary>True when <paramref name="text"/> contains a reference or an escape, i.e. is not plain literal text.</summary>
    public static bool MayContainExpression(string text) => text.Contains("${", StringComparison.Ordinal);

    private static bool At(string text, int index, string token) =>
        index + token.Length <= text.Length && string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static Reference? ParseReference(string body, out string error)
    {
        var tokens = Tokenize(body, out var accessors, out error);
        if (tokens is null)
        {
            return null;
        }

        Reference? reference = tokens switch
        {
            ["inputs", var name] => new Reference(ReferenceRoot.Input, null, name),
            ["resources", var resource, "outputs", var name] => new Reference(ReferenceRoot.ResourceOutput, resource, name),
            ["environment", "name"] => new Reference(ReferenceRoot.Environment, null, "name"),
            ["environment", "resourceGroup"] => new Reference(ReferenceRoot.Environment, null, "resourceGroup"),
            ["project", "name"] => new Reference(ReferenceRoot.Project, null, "name"),
            _ => null,
        };
        if (reference is null)
        {
            error = "expected inputs.NAME, resources.RESOURCE.outputs.NAME, environment.name, environment.resourceGroup or project.name";
            return null;
        }

        return reference with { Accessors = accessors };
    }

    // Splits "resources.db.outputs.hosts[0].name" into the dotted head (up to the reference's own name)
    // and the accessors that follow; which head length applies depends on the root.
    private static List<string>? Tokenize(string body, out ImmutableArray<Accessor> accessors, out string error)
    {
        accessors = [];
        error = string.Empty;
        var names = new List<string>();
        var tail = ImmutableArray.CreateBuilder<Accessor>();
        var headLength = body.StartsWith("resources.", StringComparison.Ordinal) ? 4 : 2;
        var i = 0;
        var expectName = true;
        while (i < body.Length)
        {
            if (expectName)
            {
                var start = i;
                while (i < body.Length && (char.IsAsciiLetterOrDigit(body[i]) || body[i] is '_' or '-'))
                {
                    i++;
                }

                if (i == start)
                {
                    error = "expected a name at offset " + start.ToString(CultureInfo.InvariantCulture);
                    return null;
                }

                var name = body[start..i];
                if (names.Count < headLength)
                {
                    names.Add(name);
                }
                else
                {
                    tail.Add(new Accessor(name, null));
                }

                expectName = false;
                continue;
            }

            if (body[i] == '.')
            {
                i++;
                expectName = true;
                continue;
            }

            if (body[i] == '[' && names.Count == headLength)
            {
                var close = body.IndexOf(']', i);
                if (close < 0)
                {
                    error = "'[' is not closed";
                    return null;
                }

                var inner = body[(i + 1)..close].Trim();
                if (inner.Length >= 2 && inner[0] == '"' && inner[^1] == '"')
                {
                    tail.Add(new Accessor(inner[1..^1], null));
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    tail.Add(new Accessor(null, index));
                }
                else
                {
                    error = $"'[{inner}]' must be a number or a quoted key";
                    return null;
                }

                i = close + 1;
                continue;
            }

            error = $"unexpected '{body[i]}'";
            return null;
        }

        if (expectName)
        {
            error = body.Length == 0 ? "empty reference" : "reference ends with '.'";
            return null;
        }

        accessors = tail.ToImmutable();
        return names;
    }
}
