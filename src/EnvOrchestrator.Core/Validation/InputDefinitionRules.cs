using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Validation;

/// <summary>Checks that input definitions are usable: valid patterns and ranges, and defaults and allowed values that fit.</summary>
internal static class InputDefinitionRules
{
    public static void Check(DocumentSource source, string inputsPath, IEnumerable<InputDefinition> inputs, ErrorSink errors)
    {
        foreach (var input in inputs)
        {
            var path = inputsPath + "." + input.Name;
            var patternUsable = true;
            if (input.Pattern is { } pattern && PatternCache.Get(pattern).Error is { } regexError)
            {
                patternUsable = false;
                errors.Add(source, path + ".pattern", RuleIds.InvalidPattern, $"invalid regular expression: {regexError}");
            }

            if (input.Min is { } min && input.Max is { } max && min > max)
            {
                errors.Add(source, path + ".min", RuleIds.InvalidRange, $"min {min} is greater than max {max}");
            }

            if (input.Override == OverrideRule.Restricted && input.Allowed.IsEmpty)
            {
                errors.Add(source, path + ".override", RuleIds.RestrictedWithoutAllowed,
                    $"input '{input.Name}' is restricted but has no 'allowed' list to choose from");
            }

            if (input.Override == OverrideRule.NotAllowed && input.Default is null)
            {
                errors.Add(source, path + ".override", RuleIds.FixedWithoutDefault,
                    $"input '{input.Name}' cannot be overridden, so it needs a default");
            }

            var constraints = patternUsable ? input : input with { Pattern = null };
            if (input.Default is { } value and not NullValue)
            {
                foreach (var violation in InputValueValidator.Validate(constraints, value))
                {
                    errors.Add(source, path + ".default", violation.RuleId, "default: " + violation.Message);
                }
            }

            for (var i = 0; i < input.Allowed.Length; i++)
            {
                if (!ValueConformance.Conforms(input.Allowed[i], input.Type))
                {
                    errors.Add(source, $"{path}.allowed[{i}]", RuleIds.InputTypeMismatch,
                        $"allowed value {input.Allowed[i]} is not a {ValueKindNames.ToName(input.Type)}");
                }
            }
        }
    }
}
