using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Schemas;
using EnvOrchestrator.Templates.Yaml;
using NJsonSchema;

namespace EnvOrchestrator.Templates.Loading;

/// <summary>
/// Reads one catalog file (one or more YAML documents) into domain objects: YAML checks, then apiVersion and kind,
/// then the kind's JSON Schema, then mapping. Every problem becomes a located <see cref="CatalogError"/>.
/// </summary>
internal sealed class CatalogFileReader
{
    public const string ApiVersion = "envorch.io/v1";

    private readonly ImmutableDictionary<DocumentKind, JsonSchema> _schemas;
    private readonly YamlLimits _limits;

    public CatalogFileReader(ImmutableDictionary<DocumentKind, JsonSchema> schemas, YamlLimits limits)
    {
        _schemas = schemas;
        _limits = limits;
    }

    public void Read(CatalogFile file, CatalogBuilder catalog, List<CatalogError> errors)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(file.Content) > _limits.MaxFileBytes)
        {
            errors.Add(new CatalogError(file.Path, 1, 1, string.Empty, RuleIds.FileTooLarge,
                $"the file is larger than the limit of {_limits.MaxFileBytes} bytes"));
            return;
        }

        var read = YamlReader.Read(file.Content, _limits);
        foreach (var problem in read.Problems)
        {
            errors.Add(new CatalogError(file.Path, problem.Position.Line, problem.Position.Column, problem.Path, problem.RuleId, problem.Message));
        }

        foreach (var document in read.Documents)
        {
            ReadDocument(file, document, catalog, errors);
        }
    }

    private void ReadDocument(CatalogFile file, YamlDocument document, CatalogBuilder catalog, List<CatalogError> errors)
    {
        var source = new DocumentSource(file.Path, document.Positions);
        void Error(string path, string rule, string message)
        {
            var position = source.Locate(path);
            errors.Add(new CatalogError(file.Path, position.Line, position.Column, path, rule, message));
        }

        if (document.Root is not YamlMapping root)
        {
            Error(string.Empty, RuleIds.DocumentKind, "a catalog document must be a mapping with apiVersion, kind, metadata and spec");
            return;
        }

        var apiVersion = (root["apiVersion"] as YamlScalar)?.Text;
        if (apiVersion != ApiVersion)
        {
            Error(apiVersion is null ? string.Empty : "apiVersion", RuleIds.DocumentApiVersion,
                apiVersion is null ? $"missing apiVersion (expected {ApiVersion})" : $"unsupported apiVersion '{apiVersion}' (expected {ApiVersion})");
            return;
        }

        var kindText = (root["kind"] as YamlScalar)?.Text;
        DocumentKind? kind = kindText switch
        {
            "ResourceTemplate" => DocumentKind.ResourceTemplate,
            "EnvironmentTemplate" => DocumentKind.EnvironmentTemplate,
            "Policy" => DocumentKind.Policy,
            "VariableSet" => DocumentKind.VariableSet,
            _ => null,
        };
        if (kind is null)
        {
            Error(kindText is null ? string.Empty : "kind", RuleIds.DocumentKind,
                $"{(kindText is null ? "missing kind" : $"unknown kind '{kindText}'")} (expected ResourceTemplate, EnvironmentTemplate, Policy or VariableSet)");
            return;
        }

        foreach (var problem in SchemaValidator.Validate(_schemas[kind.Value], YamlConversions.ToJson(root)))
        {
            Error(problem.Path, problem.RuleId, problem.Message);
        }

        var mapper = new DocumentMapper(root, source, errors);
        switch (kind.Value)
        {
            case DocumentKind.ResourceTemplate:
                catalog.Add(mapper.MapResourceTemplate());
                break;
            case DocumentKind.EnvironmentTemplate:
                catalog.Add(mapper.MapEnvironmentTemplate());
                break;
            case DocumentKind.Policy:
                catalog.Add(mapper.MapPolicy());
                break;
            default:
                catalog.Add(mapper.MapVariableSet());
                break;
        }
    }
}
