using System.Collections.Immutable;
using System.Text.Json;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Values;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// The environment inputs a request ends up with: the values given (over the current ones for an
/// update), then shared variable sets, then the template's defaults. Every value is checked against its definition;
/// the first broken rule is returned with the field it concerns. A given value must pass both the input's override
/// rule and that of the set variable it replaces: the stricter wins, and two allowed lists intersect.
/// </summary>
internal static class InputResolver
{
    public const string OverrideNotAllowedRule = RuleIds.OverrideNotAllowed;

    public static (ImmutableSortedDictionary<string, Value>? Inputs, LifecycleProblem? Problem) Resolve(
        EnvironmentTemplate template,
        TemplateCatalog catalog,
        string project,
        IReadOnlyDictionary<string, JsonElement>? given,
        IReadOnlyDictionary<string, Value>? current)
    {
        given ??= new Dictionary<string, JsonElement>();
        var shared = SharedVariables(template, catalog, project);
        foreach (var name in given.Keys.Order(StringComparer.Ordinal))
        {
            var definition = template.Inputs.FirstOrDefault(i => i.Name == name);
            if (definition is null)
            {
                var known = string.Join(", ", template.Inputs.Select(i => i.Name));
                return Problem($"inputs.{name}", RuleIds.UnknownInput, $"Template {template} has no input '{name}'; its inputs are: {known}.");
            }

            if (definition.Override == OverrideRule.NotAllowed)
            {
                return Problem($"inputs.{name}", OverrideNotAllowedRule, $"Input '{name}' is fixed by template {template} and cannot be set.");
            }

            if (shared.TryGetValue(name, out var fixedBy) && fixedBy.Variable.Override == OverrideRule.NotAllowed)
            {
                return Problem($"inputs.{name}", OverrideNotAllowedRule, $"Input '{name}' is fixed by variable set '{fixedBy.Set}' and cannot be set.");
            }

            var json = given[name];
            if (json.ValueKind == JsonValueKind.Null && !definition.Nullable)
            {
                return Problem($"inputs.{name}", RuleIds.InputNull, $"Input '{name}' of template {template} is a {ValueKindNames.ToName(definition.Type)} and cannot be null; leave it out to keep its default.");
            }

            if (!JsonValues.TryToValue(json, out _, out var badNumber))
            {
                var field = badNumber.Length == 0 ? $"inputs.{name}" : $"inputs.{name}.{badNumber}";
                return Problem(field, RuleIds.InputNumberTooLarge, $"The number at {field} is too large for a number input (at most ±79228162514264337593543950335).");
            }
        }

        var resolved = ImmutableSortedDictionary.CreateBuilder<string, Value>(StringComparer.Ordinal);
        foreach (var definition in template.Inputs)
        {
            Value? value = given.TryGetValue(definition.Name, out var json) ? JsonValues.ToValue(json)
                : current is not null && current.TryGetValue(definition.Name, out var kept) ? kept
                : shared.TryGetValue(definition.Name, out var fromSet) ? fromSet.Variable.Value.AsSensitive(fromSet.Variable.Sensitive)
                : definition.Default;
            if (value is null)
            {
                if (definition.IsRequired)
                {
                    return Problem($"inputs.{definition.Name}", RuleIds.MissingRequiredInput, $"Input '{definition.Name}' is required by template {template}.");
                }

                continue;
            }

            foreach (var violation in InputValueValidator.Validate(definition, value))
            {
                var field = violation.SubPath.Length == 0 ? $"inputs.{definition.Name}" : $"inputs.{definition.Name}.{violation.SubPath}";
                return Problem(field, violation.RuleId, Sentence(violation.Message));
            }

            if (given.ContainsKey(definition.Name) && SetRestriction(definition, value, shared) is { } refusal)
            {
                return refusal;
            }

            resolved[definition.Name] = value.AsSensitive(definition.Sensitive || value.IsSensitive);
        }

        return (resolved.ToImmutable(), null);
    }

    private readonly record struct SetVariable(string Set, SharedVariable Variable);

    private static (ImmutableSortedDictionary<string, Value>?, LifecycleProblem?)? SetRestriction(
        InputDefinition definition, Value value, Dictionary<string, SetVariable> shared)
    {
        if (!shared.TryGetValue(definition.Name, out var from) || from.Variable.Allowed.IsEmpty
            || InputValueValidator.IsOneOf(value, from.Variable.Allowed))
        {
            return null;
        }

        var choices = definition.Allowed.IsEmpty
            ? from.Variable.Allowed
            : [.. from.Variable.Allowed.Where(a => InputValueValidator.IsOneOf(a, definition.Allowed))];
        var shown = definition.Sensitive || from.Variable.Sensitive || value.IsSensitive ? "(sensitive)" : value.ToString();
        var listed = choices.IsEmpty ? "none" : string.Join(", ", choices);
        return Problem($"inputs.{definition.Name}", RuleIds.InputNotAllowed,
            $"'{shown}' is not one of the values variable set '{from.Set}' allows for input '{definition.Name}': {listed}.");
    }

    private static Dictionary<string, SetVariable> SharedVariables(EnvironmentTemplate template, TemplateCatalog catalog, string project)
    {
        var values = new Dictionary<string, SetVariable>(StringComparer.Ordinal);
        foreach (var set in template.VariableSets.Select(catalog.FindVariableSet).OfType<VariableSet>())
        {
            if (!set.SharedWith.IsEmpty && !set.SharedWith.Any(p => p == "*" || p == project))
            {
                continue;
            }

            foreach (var variable in set.Variables)
            {
                values.TryAdd(variable.Name, new SetVariable(set.Name, variable));
            }
        }

        return values;
    }

    private static string Sentence(string message) => message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + ".";

    private static (ImmutableSortedDictionary<string, Value>?, LifecycleProblem?) Problem(string field, string rule, string detail) =>
        (null, new LifecycleProblem(ProblemCodes.InvalidRequest, detail, field, rule));
}
