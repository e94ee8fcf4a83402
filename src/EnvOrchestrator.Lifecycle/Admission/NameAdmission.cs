using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Expressions;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Runs;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// The template's own rules on the environment name: resource inputs made from <c>${environment.name}</c> (a namespace
/// name, a bucket name) must pass their resource template's pattern and length rules, checked at create rather than
/// failing the deploy.
/// </summary>
internal static class NameAdmission
{
    public const string Rule = "name.template-rule";

    /// <summary>The refusal of <paramref name="environment"/>'s name, or null when every resource accepts it.</summary>
    public static LifecycleProblem? Check(EnvironmentRecord environment, EnvironmentTemplate template, TemplateCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var resource in template.Resources)
        {
            if (catalog.Resolve(resource.Template).Template is not { } resourceTemplate)
            {
                continue;
            }

            var named = resource.Inputs.Where(i => UsesEnvironmentName(i.Value)).Select(i => i.Key).ToList();
            if (named.Count == 0)
            {
                continue;
            }

            var inputs = ResourceInputs.Evaluate(environment, template, resource, resourceTemplate);
            foreach (var input in named)
            {
                if (resourceTemplate.FindInput(input) is not { } definition || inputs.Values[input].ContainsUnknown)
                {
                    continue;
                }

                if (InputValueValidator.Validate(definition, inputs.Values[input]) is [var violation, ..])
                {
                    return new LifecycleProblem(
                        ProblemCodes.RuleViolated,
                        $"Template {template} names resource '{resource.Name}' after the environment, and with the name '{environment.Id.Name.Value}' {violation.Message} ({violation.RuleId}); choose another name.",
                        "name",
                        Rule);
                }
            }
        }

        return null;
    }

    private static bool UsesEnvironmentName(Value expression) =>
        ExpressionFinder.References(expression).Any(r => r.Root == ReferenceRoot.Environment);
}
