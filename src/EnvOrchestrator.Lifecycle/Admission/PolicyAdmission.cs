using System.Globalization;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// The mandatory policy rules that can be decided from the request: allowed input values, maximum TTL, environments
/// per project and the static cost estimate. Advisory policies never refuse. Plan rules are checked on the plan
/// (<see cref="PlanRules"/>).
/// </summary>
internal static class PolicyAdmission
{
    public static LifecycleProblem? Check(
        TemplateCatalog catalog,
        EnvironmentTemplate template,
        string project,
        IReadOnlyDictionary<string, Value> inputs,
        TimeSpan? ttl,
        int? existingEnvironments)
    {
        foreach (var (policy, rule) in MandatoryRules(catalog, project, template.Name))
        {
            var problem = rule switch
            {
                AllowedValuesRule allowed when inputs.TryGetValue(allowed.Input, out var value) && !value.ContainsUnknown
                    && !allowed.Values.Any(v => Same(v, value)) =>
                    Refuse(policy, rule, $"inputs.{allowed.Input}", $"Policy '{policy.Name}' allows input '{allowed.Input}' only to be one of: {string.Join(", ", allowed.Values)}."),
                MaxTtlRule maxTtl when ttl > maxTtl.MaxTtl =>
                    Refuse(policy, rule, "ttl", $"Policy '{policy.Name}' limits the TTL to {DurationText.Format(maxTtl.MaxTtl)}."),
                MaxEnvironmentsPerProjectRule max when existingEnvironments >= max.Max =>
                    Refuse(policy, rule, "name", $"Policy '{policy.Name}' allows at most {max.Max} environments per project; project '{project}' has {existingEnvironments}."),
                MaxMonthlyCostRule cost when MonthlyCost(catalog, template) is var total && total > cost.MaxUsd =>
                    Refuse(policy, rule, "template", string.Create(CultureInfo.InvariantCulture, $"Policy '{policy.Name}' limits the estimated cost to {cost.MaxUsd} USD a month; template {template} is estimated at {total} USD.")),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>True when some mandatory policy for the project and template counts environments per project.</summary>
    public static bool CountsEnvironments(TemplateCatalog catalog, string project, string template) =>
        MandatoryRules(catalog, project, template).Any(r => r.Rule is MaxEnvironmentsPerProjectRule);

    public static IEnumerable<(Policy Policy, PolicyRule Rule)> MandatoryRules(TemplateCatalog catalog, string project, string template) =>
        catalog.Policies
            .Where(p => p.Enforcement == PolicyEnforcement.Mandatory && p.AppliesTo.AppliesTo(project, template))
            .SelectMany(p => p.Rules.Select(r => (p, r)));

    private static decimal MonthlyCost(TemplateCatalog catalog, EnvironmentTemplate template) =>
        template.Resources.Sum(r => catalog.Resolve(r.Template).Template?.Cost?.MonthlyUsd ?? 0m);

    private static bool Same(Value a, Value b) => (a, b) switch
    {
        (NumberValue x, NumberValue y) => x.Value == y.Value,
        _ => a.AsSensitive(false).Equals(b.AsSensitive(false)),
    };

    private static LifecycleProblem Refuse(Policy policy, PolicyRule rule, string field, string detail) =>
        new(ProblemCodes.RuleViolated, detail, field, $"policy.{rule.RuleName}");
}
