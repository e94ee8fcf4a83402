using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Validation;

/// <summary>Checks the override controls of a variable set: a restricted variable has a list, and its own value is on it.</summary>
internal static class VariableSetRules
{
    public static void Check(VariableSet set, ErrorSink errors)
    {
        foreach (var variable in set.Variables)
        {
            var path = "spec.variables." + variable.Name;
            if (variable.Override == OverrideRule.Restricted && variable.Allowed.IsEmpty)
            {
                errors.Add(set.Source, path + ".override", RuleIds.RestrictedWithoutAllowed,
                    $"variable '{variable.Name}' of set '{set.Name}' is restricted but has no 'allowed' list to choose from");
            }

            if (!variable.Allowed.IsEmpty && variable.Value is not NullValue && !InputValueValidator.IsOneOf(variable.Value, variable.Allowed))
            {
                var shown = variable.Sensitive || variable.Value.IsSensitive ? "(sensitive)" : variable.Value.ToString();
                errors.Add(set.Source, path + ".value", RuleIds.InputNotAllowed,
                    $"'{shown}' is not one of the allowed values of variable '{variable.Name}': {string.Join(", ", variable.Allowed)}");
            }
        }
    }
}
