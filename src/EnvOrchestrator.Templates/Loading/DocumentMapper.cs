using System.Collections.Immutable;
using System.Text.RegularExpressions;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Templates.Yaml;

namespace EnvOrchestrator.Templates.Loading;

/// <summary>
/// Maps a schema-checked YAML document to the domain model. It is tolerant: the schema has already reported
/// structural problems, so a field of the wrong shape is skipped here rather than reported twice. It reports only
/// what the schema cannot express (semantic versions, version ranges).
/// </summary>
internal sealed partial class DocumentMapper
{
    private readonly YamlMapping _root;
    private readonly DocumentSource _source;
    private readonly List<CatalogError> _errors;

    public DocumentMapper(YamlMapping root, DocumentSource source, List<CatalogError> errors)
    {
        _root = root;
        _source = source;
        _errors = errors;
    }

    public ResourceTemplate? MapResourceTemplate()
    {
        if (!TryNameAndVersion(out var name, out var version))
        {
            return null;
        }

        var spec = Map(_root["spec"]);
        return new ResourceTemplate(name, version)
        {
            Description = Text(Map(_root["metadata"])?["description"]),
            Status = Status(),
            Module = Text(spec?["module"]) ?? ".",
            Inputs = Inputs(spec?["inputs"]),
            Outputs = [.. Entries(spec?["outputs"]).Select(e => Output(e.Key, e.Value))
                .OfType<OutputDefinition>()],
            Cost = Map(spec?["cost"])?["monthlyUsd"] is YamlNode cost && YamlConversions.ToValue(cost) is NumberValue usd
                ? new CostEstimate(usd.Value) : null,
            Timeouts = Map(spec?["timeouts"]) is { } timeouts
                ? new OperationTimeouts(Duration(timeouts["apply"], "spec.timeouts.apply"), Duration(timeouts["destroy"], "spec.timeouts.destroy"))
                : null,
            Source = _source,
        };
    }

    public EnvironmentTemplate? MapEnvironmentTemplate()
    {
        if (!TryNameAndVersion(out var name, out var version))
        {
            return null;
        }

        var spec = Map(_root["spec"]);
        var resources = ImmutableArray.CreateBuilder<EnvironmentResource>();
        var items = spec?["resources"] is YamlSequence seq ? seq.Items : [];
        for (var i = 0; i < items.Length; i++)
        {
            if (Resource(items[i], $"spec.resources[{i}]") is { } resource)
            {
                resources.Add(resource);
            }
        }

        return new EnvironmentTemplate(name, version)
        {
            Description = Text(Map(_root["metadata"])?["description"]),
            Status = Status(),
            Inputs = Inputs(spec?["inputs"]),
            Resources = resources.ToImmutable(),
            Outputs = [.. Entries(spec?["outputs"]).Select(e => EnvironmentOutput(e.Key, e.Value)).OfType<EnvironmentOutput>()],
            Lifetime = Lifetime(Map(spec?["lifetime"])),
            ResourceGroup = Text(Map(spec?["resourceGroup"])?["location"]) is { } location ? new ResourceGroupSettings(location) : null,
            SharedWith = Strings(spec?["sharedWith"]),
            VariableSets = Strings(spec?["variableSets"]),
            Source = _source,
        };
    }

    public Policy? MapPolicy()
    {
        if (Text(Map(_root["metadata"])?["name"]) is not { } name)
        {
            return null;
        }

        var spec = Map(_root["spec"]);
        var appliesTo = Map(spec?["appliesTo"]);
        var scope = new PolicyScope(
            appliesTo?["projects"] is null ? ["*"] : Strings(appliesTo["projects"]),
            appliesTo?["templates"] is null ? ["*"] : Strings(appliesTo["templates"]));
        var enforcement = Text(spec?["enforcement"]) switch
        {
            "advisory" => PolicyEnforcement.Advisory,
            "approval" => PolicyEnforcement.Approval,
            _ => PolicyEnforcement.Mandatory,
        };
        var rules = ImmutableArray.CreateBuilder<PolicyRule>();
        var items = spec?["rules"] is YamlSequence seq ? seq.Items : [];
        for (var i = 0; i < items.Length; i++)
        {
            if (Map(items[i]) is { Entries: [var entry] } && Rule(entry, $"spec.rules[{i}].{entry.Key}") is { } rule)
            {
                rules.Add(rule);
            }
        }

        return new Policy(name, scope, enforcement)
        {
            Description = Text(Map(_root["metadata"])?["description"]),
            Rules = rules.ToImmutable(),
            Source = _source,
        };
    }

    public VariableSet? MapVariableSet()
    {
        if (Text(Map(_root["metadata"])?["name"]) is not { } name)
        {
            return null;
        }

        var spec = Map(_root["spec"]);
        return new VariableSet(name)
        {
            Description = Text(Map(_root["metadata"])?["description"]),
            Variables = [.. Entries(spec?["variables"]).Select(e => SharedVariable(e.Key, e.Value)).OfType<SharedVariable>()],
            SharedWith = Strings(spec?["sharedWith"]),
            Source = _source,
        };
    }

    private bool TryNameAndVersion(out string name, out SemVersion version)
    {
        var metadata = Map(_root["metadata"]);
        name = Text(metadata?["name"]) ?? string.Empty;
        version = default;
        var versionText = Text(metadata?["version"]);
        if (name.Length == 0 || versionText is null)
        {
            return false;
        }

        if (!SemVersion.TryParse(versionText, out var parsed))
        {
            Error("metadata.version", RuleIds.VersionInvalid, $"'{versionText}' is not a semantic version MAJOR.MINOR.PATCH[-PRERELEASE]");
            return false;
        }

        version = parsed.Value;
        return true;
    }

    private TemplateStatus Status() => Text(Map(_root["metadata"])?["status"]) switch
    {
        "draft" => TemplateStatus.Draft,
        "deprecated" => TemplateStatus.Deprecated,
        _ => TemplateStatus.Active,
    };

    private static ImmutableArray<InputDefinition> Inputs(YamlNode? node) =>
        [.. Entries(node).Select(e => Input(e.Key, Map(e.Value))).OfType<InputDefinition>()];

    private static InputDefinition? Input(string name, YamlMapping? map)
    {
        if (map is null || ValueKindNames.Parse(Text(map["type"]) ?? string.Empty) is not { } type)
        {
            return null;
        }

        var defaultValue = map["default"] is { } d ? YamlConversions.ToValue(d) : null;
        return new InputDefinition(name, type)
        {
            Description = Text(map["description"]),
            Default = defaultValue,
            Required = Bool(map["required"]) ?? true,
            Pattern = Text(map["pattern"]),
            Allowed = map["allowed"] is YamlSequence allowed ? [.. allowed.Items.Select(YamlConversions.ToValue)] : [],
            Min = Number(map["min"]),
            Max = Number(map["max"]),
            Sensitive = Bool(map["sensitive"]) ?? false,
            Nullable = Bool(map["nullable"]) ?? false,
            Override = Override(map["override"]),
        };
    }

    private static SharedVariable? SharedVariable(string name, YamlNode node) => node switch
    {
        YamlMapping map when map["value"] is { } value => new SharedVariable(name, YamlConversions.ToValue(value))
        {
            Sensitive = Bool(map["sensitive"]) ?? false,
            Override = Override(map["override"]),
            Allowed = map["allowed"] is YamlSequence allowed ? [.. allowed.Items.Select(YamlConversions.ToValue)] : [],
        },
        YamlMapping => null,
        _ => new SharedVariable(name, YamlConversions.ToValue(node)),
    };

    private static OverrideRule Override(YamlNode? node) => Text(node) switch
    {
        "restricted" => OverrideRule.Restricted,
        "not-allowed" => OverrideRule.NotAllowed,
        _ => OverrideRule.Allowed,
    };

    private static OutputDefinition? Output(string name, YamlNode node) =>
        Map(node) is { } map && ValueKindNames.Parse(Text(map["type"]) ?? string.Empty) is { } type
            ? new OutputDefinition(name, type) { Description = Text(map["description"]), Sensitive = Bool(map["sensitive"]) ?? false }
            : null;

    private static EnvironmentOutput? EnvironmentOutput(string name, YamlNode node) => node switch
    {
        YamlMapping map when map["value"] is { } value => new EnvironmentOutput(name, YamlConversions.ToValue(value))
        {
            Description = Text(map["description"]),
            Sensitive = Bool(map["sensitive"]) ?? false,
        },
        YamlScalar => new EnvironmentOutput(name, YamlConversions.ToValue(node)),
        _ => null,
    };

    private EnvironmentResource? Resource(YamlNode node, string path)
    {
        var map = Map(node);
        var name = Text(map?["name"]);
        var templateText = Text(map?["template"]);
        if (map is null || name is null || templateText is null)
        {
            return null;
        }

        if (!TemplateReference.TryParse(templateText, out var reference))
        {
            // The resource is left out: guessing a version would report errors about a template nobody asked for.
            Error(path + ".template", RuleIds.VersionRangeInvalid,
                $"'{templateText}' is not NAME@VERSION-OR-RANGE (e.g. redis-cache@1.2.0, redis-cache@^1.2, redis-cache@1.x)");
            return null;
        }

        return new EnvironmentResource(name, reference)
        {
            Inputs = Entries(map["inputs"]).ToImmutableSortedDictionary(e => e.Key, e => YamlConversions.ToValue(e.Value), StringComparer.Ordinal),
            DependsOn = Strings(map["dependsOn"]),
        };
    }

    private LifetimeSettings Lifetime(YamlMapping? map)
    {
        if (map is null)
        {
            return new LifetimeSettings();
        }

        var warnings = map["warnBefore"] is YamlSequence seq ? seq.Items : [];
        return new LifetimeSettings
        {
            DefaultTtl = Duration(map["defaultTtl"], "spec.lifetime.defaultTtl"),
            MaxTtl = Duration(map["maxTtl"], "spec.lifetime.maxTtl"),
            MaxExtensions = Number(map["maxExtensions"]) is { } n ? (int)n : null,
            MaxExtension = Duration(map["maxExtension"], "spec.lifetime.maxExtension"),
            WarnBefore = [.. warnings.Select((w, i) => Duration(w, $"spec.lifetime.warnBefore[{i}]")).OfType<TimeSpan>().OrderDescending()],
        };
    }

    private PolicyRule? Rule(YamlEntry entry, string path) => entry.Key switch
    {
        "maxTtl" => Duration(entry.Value, path) is { } ttl ? new MaxTtlRule(ttl) : null,
        "requireApproval" => new RequireApprovalRule(),
        "maxResourcesChanged" => Number(entry.Value) is { } changes ? new MaxResourcesChangedRule((int)changes) : null,
        "preventDestroy" => new PreventDestroyRule(),
        "maxEnvironmentsPerProject" => Number(entry.Value) is { } n ? new MaxEnvironmentsPerProjectRule((int)n) : null,
        "maxMonthlyCostUsd" => Number(entry.Value) is { } usd ? new MaxMonthlyCostRule(usd) : null,
        "maxProjectMonthlyCostUsd" => Number(entry.Value) is { } budget ? new MaxProjectMonthlyCostRule(budget) : null,
        "allowedValues" => Map(entry.Value) is { } map && Text(map["input"]) is { } input && map["values"] is YamlSequence values
            ? new AllowedValuesRule(input, [.. values.Items.Select(YamlConversions.ToValue)]) : null,
        "denyResourceTypes" => new DenyResourceTypesRule(Strings(entry.Value)),
        "requireTags" => new RequireTagsRule(Strings(entry.Value)),
        _ => null,
    };

    private TimeSpan? Duration(YamlNode? node, string path)
    {
        if (Text(node) is not { } text)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        // Text the schema's pattern rejects is already reported; only out-of-range amounts get here.
        if (!DurationShape().IsMatch(text))
        {
            return null;
        }

        Error(path, RuleIds.DurationInvalid, $"'{text}' is not a duration such as 30m, 8h or 2d");
        return null;
    }

    private void Error(string path, string rule, string message)
    {
        var position = _source.Locate(path);
        _errors.Add(new CatalogError(_source.File, position.Line, position.Column, path, rule, message));
    }

    private static YamlMapping? Map(YamlNode? node) => node as YamlMapping;

    [GeneratedRegex("^([0-9]+[dhms])+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationShape();

    private static ImmutableArray<YamlEntry> Entries(YamlNode? node) => node is YamlMapping map ? map.Entries : [];

    private static string? Text(YamlNode? node) => node is YamlScalar s && (!s.IsPlain || YamlScalars.Classify(s, out _, out _) == YamlScalars.ScalarType.Text) ? s.Text : null;

    private static bool? Bool(YamlNode? node) => node is YamlScalar s && YamlScalars.Classify(s, out var b, out _) == YamlScalars.ScalarType.Bool ? b : null;

    private static decimal? Number(YamlNode? node) => node is YamlScalar s && YamlScalars.Classify(s, out _, out var n) == YamlScalars.ScalarType.Number ? n : null;

    private static ImmutableArray<string> Strings(YamlNode? node) =>
        node is YamlSequence seq ? [.. seq.Items.Select(Text).OfType<string>()] : [];
}
