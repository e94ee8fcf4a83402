using System.Collections.Immutable;
using System.Globalization;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Expressions;

/// <summary>A template string found inside a value tree, with its path relative to the tree's root.</summary>
public sealed record FoundExpression(string Path, string Text, ExpressionParseResult Parsed);

/// <summary>Finds the template strings in a value tree, for validation and dependency discovery.</summary>
public static class ExpressionFinder
{
    public static ImmutableArray<FoundExpression> FindAll(Value value, string path)
    {
        var found = ImmutableArray.CreateBuilder<FoundExpression>();
        Walk(value, path, found);
        return found.ToImmutable();
    }

    public static IEnumerable<Reference> References(Value value) =>
        FindAll(value, string.Empty).Where(f => f.Parsed.Succeeded).SelectMany(f => f.Parsed.Expression!.References);

    private static void Walk(Value value, string path, ImmutableArray<FoundExpression>.Builder found)
    {
        switch (value)
        {
            case StringValue s when ExpressionParser.MayContainExpression(s.Value):
                found.Add(new FoundExpression(path, s.Value, ExpressionParser.Parse(s.Value)));
                break;
            case ListValue l:
                for (var i = 0; i < l.Items.Length; i++)
                {
                    Walk(l.Items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", found);
                }

                break;
            case MapValue m:
                foreach (var (key, item) in m.Entries)
                {
                    Walk(item, path.Length == 0 ? key : path + "." + key, found);
                }

                break;
        }
    }
}
