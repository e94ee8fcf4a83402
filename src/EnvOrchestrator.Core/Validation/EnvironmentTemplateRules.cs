using System.Globalization;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Expressions;
using EnvOrchestrator.Core.Graph;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Validation;

/// <summary>
/// Checks one environment template against the catalog: resolvable templates, known inputs with valid values,
/// references to existing inputs and outputs of fitting type, no sensitive value flowing into a non-sensitive place,
/// and an acyclic dependency graph.
/// </summary>
internal sealed class EnvironmentTemplateRules
{
    private readonly TemplateCatalog _catalog;
    private readonly EnvironmentTemplate _template;
    private readonly ErrorSink _errors;
    private readonly Dictionary<string, ResourceTemplate?> _resolved = new(StringComparer.Ordinal);

    private EnvironmentTemplateRules(TemplateCatalog catalog, EnvironmentTemplate template, ErrorSink errors)
    {
        _catalog = catalog;
        _template = template;
        _errors = errors;
    }

    private DocumentSource Source => _template.Source;

    public static void Check(TemplateCatalog catalog, EnvironmentTemplate template, ErrorSink errors) =>
        new EnvironmentTemplateRules(catalog, template, errors).Run();

    private void Run()
    {
        InputDefinitionRules.Check(Source, "spec.inputs", _template.Inputs, _errors);
        CheckVariableSets();
        CheckLifetime();
        ResolveResources();
        for (var i = 0; i < _template.Resources.Length; i++)
        {
            CheckResource(i, _template.Resources[i]);
        }

        foreach (var output in _template.Outputs)
        {
            var target = new Target(ValueKind.Any, output.Sensitive, $"environment output '{output.Name}'");
            CheckValue("spec.outputs." + output.Name, output.Value, target, isWholeSlot: true);
        }

        CheckCycles();
    }

    private void CheckVariableSets()
    {
        for (var i = 0; i < _template.VariableSets.Length; i++)
        {
            if (_catalog.FindVariableSet(_template.VariableSets[i]) is null)
            {
                _errors.Add(Source, $"spec.variableSets[{i}]", RuleIds.UnknownVariableSet, $"no variable set '{_template.VariableSets[i]}'");
            }
        }
    }

    private void CheckLifetime()
    {
        var lifetime = _template.Lifetime;
        if (lifetime.DefaultTtl is { } ttl && lifetime.MaxTtl is { } max && ttl > max)
        {
            _errors.Add(Source, "spec.lifetime.defaultTtl", RuleIds.DefaultTtlExceedsMax,
                $"defaultTtl {DurationText.Format(ttl)} is longer than maxTtl {DurationText.Format(max)}");
        }
    }

    private void ResolveResources()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _template.Resources.Length; i++)
        {
            var resource = _template.Resources[i];
            if (!seen.Add(resource.Name))
            {
                _errors.Add(Source, $"spec.resources[{i}].name", RuleIds.DuplicateResource, $"resource '{resource.Name}' is declared more than once");
                continue;
            }

            var resolution = _catalog.Resolve(resource.Template);
            _resolved[resource.Name] = resolution.Template;
            var path = $"spec.resources[{i}].template";
            var candidates = string.Join(", ", resolution.Candidates);
            switch (resolution.Failure)
            {
                case TemplateResolutionFailure.UnknownTemplate:
                    _errors.Add(Source, path, RuleIds.UnknownTemplate, $"no resource template '{resource.Template.Name}'");
                    break;
                case TemplateResolutionFailure.UnknownVersion:
                    _errors.Add(Source, path, RuleIds.UnknownVersion,
                        $"no active version of '{resource.Template.Name}' matches '{resource.Template.Range}' (versions: {candidates})");
                    break;
                case TemplateResolutionFailure.AmbiguousRange:
                    _errors.Add(Source, path, RuleIds.AmbiguousRange,
                        $"'{resource.Template.Range}' matches more than one major version of '{resource.Template.Name}' ({candidates}); pin a major version");
                    break;
            }
        }
    }

    private void CheckResource(int index, EnvironmentResource resource)
    {
        var path = $"spec.resources[{index}]";
        for (var d = 0; d < resource.DependsOn.Length; d++)
        {
            if (_template.FindResource(resource.DependsOn[d]) is null)
            {
                _errors.Add(Source, $"{path}.dependsOn[{d}]", RuleIds.UnknownResource, $"no resource '{resource.DependsOn[d]}' in this environment template");
            }
        }

        var template = _resolved.GetValueOrDefault(resource.Name);
        foreach (var (name, value) in resource.Inputs)
        {
            var inputPath = $"{path}.inputs.{name}";
            var definition = template?.FindInput(name);
            if (template is not null && definition is null)
            {
                _errors.Add(Source, inputPath, RuleIds.UnknownInput, $"resource template {template} has no input '{name}'");
            }

            var target = definition is null
                ? new Target(ValueKind.Any, Sensitive: true, $"input '{name}'")
                : new Target(definition.Type, definition.Sensitive, $"input '{name}' of {template}");
            CheckValue(inputPath, value, target, isWholeSlot: true);
            if (definition is not null && !ContainsExpression(value))
            {
                foreach (var violation in InputValueValidator.Validate(definition, value))
                {
                    _errors.Add(Source, inputPath + violation.SubPath, violation.RuleId, violation.Message);
                }
            }
        }

        if (template is null)
        {
            return;
        }

        foreach (var input in template.Inputs.Where(i => i.IsRequired && !resource.Inputs.ContainsKey(i.Name)))
        {
            _errors.Add(Source, path + ".inputs", RuleIds.MissingRequiredInput, $"required input '{input.Name}' of {template} has no value");
        }
    }

    // A slot is a place a value flows into: a resource input or an environment output.
    private readonly record struct Target(ValueKind Type, bool Sensitive, string Description);

    private void CheckValue(string path, Value value, Target target, bool isWholeSlot)
    {
        foreach (var found in ExpressionFinder.FindAll(value, path))
        {
            if (found.Parsed.Expression is not { } expression)
            {
                _errors.Add(Source, found.Path, RuleIds.ExpressionSyntax, found.Parsed.Error!);
                continue;
            }

            var sources = expression.References.Select(r => (Reference: r, Source: Describe(found.Path, r))).ToList();
            if (sources.Any(s => s.Source is null))
            {
                continue;
            }

            var whole = expression.WholeReference;
            var atSlot = isWholeSlot && found.Path == path;
            if (whole is not null)
            {
                var source = sources[0].Source!.Value;
                if (atSlot && !ValueKindNames.IsAssignable(source.Type, target.Type))
                {
                    _errors.Add(Source, found.Path, RuleIds.TypeMismatch,
                        $"'${{{whole}}}' is a {ValueKindNames.ToName(source.Type)} but {target.Description} is a {ValueKindNames.ToName(target.Type)}");
                }
            }
            else
            {
                foreach (var (reference, source) in sources)
                {
                    if (source!.Value.Type is ValueKind.List or ValueKind.Map or ValueKind.Object)
                    {
                        _errors.Add(Source, found.Path, RuleIds.TypeMismatch,
                            $"'${{{reference}}}' is a {ValueKindNames.ToName(source.Value.Type)} and cannot be interpolated into a string");
                    }
                }

                if (atSlot && !ValueKindNames.IsAssignable(ValueKind.String, target.Type))
                {
                    _errors.Add(Source, found.Path, RuleIds.TypeMismatch,
                        $"an interpolated string cannot feed {target.Description}, which is a {ValueKindNames.ToName(target.Type)}");
                }
            }

            foreach (var (reference, source) in sources.Where(s => s.Source!.Value.Sensitive))
            {
                if (!target.Sensitive)
                {
                    _errors.Add(Source, found.Path, RuleIds.SensitiveLeak,
                        $"'${{{reference}}}' is sensitive but {target.Description} is not; mark it sensitive");
                }
            }
        }
    }

    private readonly record struct ReferenceSource(ValueKind Type, bool Sensitive);

    // The type and sensitivity of what a reference points at, or null (after reporting) when it points nowhere.
    private ReferenceSource? Describe(string path, Reference reference)
    {
        ReferenceSource? source;
        switch (reference.Root)
        {
            case ReferenceRoot.Input:
                var input = _template.Inputs.FirstOrDefault(i => i.Name == reference.Name);
                if (input is null)
                {
                    _errors.Add(Source, path, RuleIds.UnknownInputReference, $"'${{{reference}}}': the environment template has no input '{reference.Name}'");
                    return null;
                }

                source = new ReferenceSource(input.Type, input.Sensitive);
                break;
            case ReferenceRoot.ResourceOutput:
                if (_template.FindResource(reference.Resource!) is null)
                {
                    _errors.Add(Source, path, RuleIds.UnknownResource, $"'${{{reference}}}': no resource '{reference.Resource}' in this environment template");
                    return null;
                }

                if (_resolved.GetValueOrDefault(reference.Resource!) is not { } template)
                {
                    return null; // the unresolved template is reported on its own resource
                }

                var output = template.FindOutput(reference.Name);
                if (output is null)
                {
                    _errors.Add(Source, path, RuleIds.UnknownOutput,
                        $"'${{{reference}}}': {template} has no output '{reference.Name}' (outputs: {string.Join(", ", template.Outputs.Select(o => o.Name))})");
                    return null;
                }

                source = new ReferenceSource(output.Type, output.Sensitive);
                break;
            case ReferenceRoot.Environment when reference.Name == "resourceGroup" && _template.ResourceGroup is null:
                _errors.Add(Source, path, RuleIds.NoResourceGroup, $"'${{{reference}}}': the environment template declares no resourceGroup (add spec.resourceGroup.location)");
                return null;
            default:
                source = new ReferenceSource(ValueKind.String, false);
                break;
        }

        // Stepping into a nested value loses the static type; the value is still as sensitive as its container.
        return reference.Accessors.IsEmpty ? source : source.Value with { Type = ValueKind.Any };
    }

    private void CheckCycles()
    {
        var cycle = EnvironmentGraph.Build(_template).FindCycle();
        if (cycle.IsEmpty)
        {
            return;
        }

        var index = _template.Resources.IndexOf(_template.FindResource(cycle[0])!);
        _errors.Add(Source, string.Create(CultureInfo.InvariantCulture, $"spec.resources[{index}]"), RuleIds.Cycle,
            "dependency cycle: " + string.Join(" -> ", cycle));
    }

    private static bool ContainsExpression(Value value) => !ExpressionFinder.FindAll(value, string.Empty).IsEmpty;
}
