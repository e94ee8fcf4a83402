using System.Collections.Immutable;
using System.Globalization;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EnvOrchestrator.Templates.Yaml;

/// <summary>
/// Reads YAML text into <see cref="YamlNode"/> trees from the parser's event stream. Duplicate keys, non-string
/// keys, alias expansion and depth are checked here because YamlDotNet's object model either throws on the first
/// problem or expands aliases without limit. A syntax error stops the file: nothing after it can be trusted.
/// </summary>
internal sealed class YamlReader
{
    private readonly YamlLimits _limits;
    private readonly ImmutableArray<YamlProblem>.Builder _problems = ImmutableArray.CreateBuilder<YamlProblem>();
    private Dictionary<string, (YamlNode Node, int Weight)> _anchors = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, SourcePosition>.Builder _positions = ImmutableDictionary.CreateBuilder<string, SourcePosition>(StringComparer.Ordinal);
    private int _aliasBudget;
    private bool _documentAborted;
    private SourcePosition _lastPosition = SourcePosition.Start;

    private YamlReader(YamlLimits limits) => _limits = limits;

    public static YamlReadResult Read(string text, YamlLimits limits) => new YamlReader(limits).ReadAll(text);

    private YamlReadResult ReadAll(string text)
    {
        var documents = ImmutableArray.CreateBuilder<YamlDocument>();
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                parser.MoveNext();
                _anchors = new(StringComparer.Ordinal);
                _positions = ImmutableDictionary.CreateBuilder<string, SourcePosition>(StringComparer.Ordinal);
                _aliasBudget = _limits.MaxAliasExpansion;
                _documentAborted = false;
                var (root, _) = ReadNode(parser, string.Empty, 0);
                parser.Consume<DocumentEnd>();
                if (!_documentAborted && !(root is YamlScalar { IsPlain: true, Text.Length: 0 }))
                {
                    documents.Add(new YamlDocument(root, _positions.ToImmutable()));
                }
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            // Keep no document of a file with a syntax error: its structure is uncertain past the error.
            documents.Clear();
            _problems.Add(new YamlProblem(Locate(e, text), string.Empty, RuleIds.YamlSyntax, Describe(e)));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException for some truncated flow collections.
            documents.Clear();
            _problems.Add(new YamlProblem(EndOf(text), string.Empty, RuleIds.YamlSyntax, "unexpected end of the file inside a flow collection ('[' or '{' not closed)"));
        }

        return new YamlReadResult(documents.ToImmutable(), _problems.ToImmutable());
    }

    private (YamlNode Node, int Weight) ReadNode(IParser parser, string path, int depth)
    {
        var current = parser.Current!;
        var position = ToPosition(current.Start);
        _lastPosition = position;
        _positions.TryAdd(path, position);
        if (depth > _limits.MaxDepth)
        {
            if (!_documentAborted)
            {
                _documentAborted = true;
                _problems.Add(new YamlProblem(position, path, RuleIds.YamlDepthLimit,
                    $"nesting is deeper than {_limits.MaxDepth.ToString(CultureInfo.InvariantCulture)} levels"));
            }

            // Skip the subtree without recursing, so no input can exhaust the stack.
            SkipNode(parser);
            return (new YamlScalar(string.Empty, true, position), 1);
        }

        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return Expand(alias, path, position);
            case Scalar scalar:
                parser.MoveNext();
                var node = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty, position);
                return Remember(scalar, (node, 1));
            case SequenceStart start:
                parser.MoveNext();
                return Remember(start, ReadSequence(parser, path, depth, position));
            case MappingStart start:
                parser.MoveNext();
                return Remember(start, ReadMapping(parser, path, depth, position));
            default:
                throw new SemanticErrorException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private (YamlNode, int) ReadSequence(IParser parser, string path, int depth, SourcePosition position)
    {
        var items = ImmutableArray.CreateBuilder<YamlNode>();
        var weight = 1;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            var (item, w) = ReadNode(parser, path + "[" + items.Count.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
            items.Add(item);
            weight += w;
        }

        return (new YamlSequence(items.ToImmutable(), position), weight);
    }

    private (YamlNode, int) ReadMapping(IParser parser, string path, int depth, SourcePosition position)
    {
        var entries = ImmutableArray.CreateBuilder<YamlEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var weight = 1;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var keyPosition = ToPosition(keyEvent.Start);
            string? key = null;
            if (keyEvent is Scalar keyScalar)
            {
                key = keyScalar.Value;
                parser.MoveNext();
            }
            else
            {
                // Skip the complex key; report it once and keep reading the value.
                var keyPath = path + "[?]";
                ReadNode(parser, keyPath, depth + 1);
                _problems.Add(new YamlProblem(keyPosition, path, RuleIds.YamlNonStringKey, "mapping keys must be strings"));
            }

            var childPath = key is null ? path + "[?]" : Join(path, key);
            if (key is not null)
            {
                _positions.TryAdd(childPath, keyPosition);
            }

            var (value, w) = ReadNode(parser, childPath, depth + 1);
            weight += w;
            if (key is null)
            {
                continue;
            }

            if (!seen.Add(key))
            {
                _problems.Add(new YamlProblem(keyPosition, childPath, RuleIds.YamlDuplicateKey, $"key '{key}' appears more than once; the first is kept"));
                continue;
            }

            entries.Add(new YamlEntry(key, keyPosition, value));
        }

        return (new YamlMapping(entries.ToImmutable(), position), weight);
    }

    private (YamlNode, int) Remember(NodeEvent node, (YamlNode Node, int Weight) read)
    {
        if (!node.Anchor.IsEmpty)
        {
            _anchors[node.Anchor.Value] = read;
        }

        return read;
    }

    private (YamlNode, int) Expand(AnchorAlias alias, string path, SourcePosition position)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw new SemanticErrorException(alias.Start, alias.End, $"alias '*{alias.Value.Value}' refers to no anchor");
        }

        _aliasBudget -= target.Weight;
        if (_aliasBudget < 0)
        {
            if (!_documentAborted)
            {
                _documentAborted = true;
                _problems.Add(new YamlProblem(position, path, RuleIds.YamlAliasLimit,
                    $"aliases expand to more than {_limits.MaxAliasExpansion.ToString(CultureInfo.InvariantCulture)} nodes (a YAML bomb?)"));
            }

            // The expansion is never materialised: stop counting it further down.
            return (new YamlScalar(string.Empty, true, position), 1);
        }

        return target;
    }

    private static void SkipNode(IParser parser)
    {
        var open = 0;
        do
        {
            switch (parser.Current)
            {
                case SequenceStart or MappingStart:
                    open++;
                    break;
                case SequenceEnd or MappingEnd:
                    open--;
                    break;
            }

            parser.MoveNext();
        }
        while (open > 0);
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    // Some scanner errors (a tab used as indentation) carry no position at all; find the offending tab instead.
    private SourcePosition Locate(YamlException e, string text)
    {
        if (e.Start.Index > 0 || e.Start.Line > 1 || e.End.Index > 0)
        {
            return ToPosition(e.Start.Index > 0 || e.Start.Line > 1 ? e.Start : e.End);
        }

        var lines = text.Split('\n');
        for (var i = _lastPosition.Line - 1; i < lines.Length && e.Message.Contains("tab", StringComparison.Ordinal); i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t'))
            {
                return new SourcePosition(i + 1, lines[i].IndexOf('\t', StringComparison.Ordinal) + 1);
            }
        }

        return _lastPosition;
    }

    private static SourcePosition EndOf(string text)
    {
        var lines = text.Split('\n');
        return new SourcePosition(lines.Length, lines[^1].Length + 1);
    }

    private static SourcePosition ToPosition(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string Describe(YamlException e)
    {
        var message = e.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith('(') ? message[(marker + 3)..] : message;
    }
}
