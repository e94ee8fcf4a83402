using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Templates.Yaml;

/// <summary>
/// A YAML node with its position. Our own tree (rather than YamlDotNet's representation model) so that duplicate keys
/// are reported instead of thrown, aliases are counted, and every node keeps its line and column.
/// </summary>
internal abstract record YamlNode(SourcePosition Position);

/// <summary>A scalar; <see cref="IsPlain"/> is false for quoted and block scalars, which are always strings.</summary>
internal sealed record YamlScalar(string Text, bool IsPlain, SourcePosition Position) : YamlNode(Position);

internal sealed record YamlSequence(ImmutableArray<YamlNode> Items, SourcePosition Position) : YamlNode(Position);

internal sealed record YamlMapping(ImmutableArray<YamlEntry> Entries, SourcePosition Position) : YamlNode(Position)
{
    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;
}

internal sealed record YamlEntry(string Key, SourcePosition KeyPosition, YamlNode Value);
