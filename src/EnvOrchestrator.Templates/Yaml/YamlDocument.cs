using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Templates.Yaml;

/// <summary>One document of a YAML file, with the position of every path inside it.</summary>
internal sealed record YamlDocument(YamlNode Root, ImmutableDictionary<string, SourcePosition> Positions);

/// <summary>A problem found while reading YAML, before anything knows what the document means.</summary>
internal sealed record YamlProblem(SourcePosition Position, string Path, string RuleId, string Message);

internal sealed record YamlReadResult(ImmutableArray<YamlDocument> Documents, ImmutableArray<YamlProblem> Problems);
