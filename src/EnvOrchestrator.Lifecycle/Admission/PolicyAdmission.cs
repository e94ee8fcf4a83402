using System.Collections.Immutable;
using System.Globalization;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// The policy rules that can be decided from the request: allowed input values, maximum TTL, environments per project
/// and the static cost estimate. Mandatory and advisory policies are evaluated alike; the first mandatory violation
/// refuses the request, advisory ones become <see cref="PolicyResult"/>s recorded on the run. Plan rules are
/// evaluated on the plan (<see cref="PlanRules"/>).
/// </summary>
internal static class PolicyAdmission
{
    /// <summary>
    /// The problem that refuses the request (a mandatory violation), else the violations to record with the run:
    /// advisory ones, and approval ones, which are also the reasons the run waits for an approver.
    /// </summary>
    public static PolicyVerdict Admit(
        TemplateCatalog catalog,
        EnvironmentTemplate template,
        string project,
        IReadOnlyDictionary<string, Value> inputs,
        TimeSpan? ttl,
        ProjectFacts? facts,
        bool overridden = false)
    {
        var violations = Violations(catalog, template, project, inputs, ttl, facts).ToList();
        if (overridden)
        {
            // A platform admin said go: every violation is recorded and nothing refuses or waits.
            return new PolicyVerdict(null, [.. violations.Select(v => v.ToResult())]) { Overridden = true };
        }

        if (violations.FirstOrDefault(v => v.Policy.Enforcement == PolicyEnforcement.Mandatory) is { } refused)
        {
            return new PolicyVerdict(new LifecycleProblem(ProblemCodes.RuleViolated, refused.Message, refused.Field, $"policy.{refused.Rule.RuleName}"), []);
        }

        return new PolicyVerdict(null, [.. violations.Select(v => v.ToResult())]);
    }

    /// <summary>The approval-enforced <c>maxTtl</c> violations of an extension to a lifetime of <paramref name="ttl"/>: an approver may allow it.</summary>
    public static ImmutableArray<PolicyResult> ExtensionApprovals(TemplateCatalog catalog, EnvironmentTemplate template, string project, TimeSpan? ttl) =>
        [.. LifetimeViolations(catalog, template, project, ttl, PolicyEnforcement.Approval).Select(v => v.ToResult())];

    /// <summary>
    /// The advisory violations of an extension: only the TTL changes, so only <c>maxTtl</c> is evaluated again
    /// (the other rules were evaluated when the environment was created or updated).
    /// </summary>
    public static ImmutableArray<PolicyResult> AdviseExtension(TemplateCatalog catalog, EnvironmentTemplate template, string project, TimeSpan? ttl) =>
        [.. LifetimeViolations(catalog, template, project, ttl, PolicyEnforcement.Advisory).Select(v => v.ToResult())];

    /// <summary>The first mandatory <c>maxTtl</c> an extension to a lifetime of <paramref name="ttl"/> would break, as its message, or null.</summary>
    public static string? RefuseExtension(TemplateCatalog catalog, EnvironmentTemplate template, string project, TimeSpan? ttl) =>
        LifetimeViolations(catalog, template, project, ttl, PolicyEnforcement.Mandatory).FirstOrDefault()?.Message;

    // An extension changes only the lifetime, so only maxTtl is evaluated again.
    private static IEnumerable<Violation> LifetimeViolations(
        TemplateCatalog catalog, EnvironmentTemplate template, string project, TimeSpan? ttl, PolicyEnforcement enforcement) =>
        Violations(catalog, template, project, ImmutableDictionary<string, Value>.Empty, ttl, facts: null)
            .Where(v => v.Rule is MaxTtlRule && v.Policy.Enforcement == enforcement);

    /// <summary>True when some policy for the project and template needs the project's environments (a count or a budget).</summary>
    public static bool NeedsProjectFacts(TemplateCatalog catalog, string project, string template) =>
        RulesFor(catalog, project, template).Any(r => r.Rule is MaxEnvironmentsPerProjectRule or MaxProjectMonthlyCostRule);

    /// <summary>Every rule of every policy, mandatory or advisory, that applies to the project and template, in catalog order.</summary>
    public static IEnumerable<(Policy Policy, PolicyRule Rule)> RulesFor(TemplateCatalog catalog, string project, string template) =>
        catalog.Policies
            .Where(p => p.AppliesTo.AppliesTo(project, template))
            .SelectMany(p => p.Rules.Select(r => (p, r)));

    private static IEnumerable<Violation> Violations(
        TemplateCatalog catalog, EnvironmentTemplate template, string project, IReadOnlyDictionary<string, Value> inputs, TimeSpan? ttl, ProjectFacts? facts)
    {
        foreach (var (policy, rule) in RulesFor(catalog, project, template.Name))
        {
            var violation = rule switch
            {
                AllowedValuesRule allowed when inputs.TryGetValue(allowed.Input, out var value) && !value.ContainsUnknown
                    && !allowed.Values.Any(v => Same(v, value)) =>
                    new Violation(policy, rule, $"inputs.{allowed.Input}", $"Policy '{policy.Name}' allows input '{allowed.Input}' only to be one of: {string.Join(", ", allowed.Values)}."),
                RequireApprovalRule => new Violation(policy, rule, "template", $"Policy '{policy.Name}' requires an approval for template {template.Name} in project '{project}'."),
                MaxTtlRule maxTtl when ttl > maxTtl.MaxTtl =>
                    new Violation(policy, rule, "ttl", $"Policy '{policy.Name}' limits the TTL to {DurationText.Format(maxTtl.MaxTtl)}; the environment would live {DurationText.Format(ttl!.Value)}."),
                MaxEnvironmentsPerProjectRule max when facts?.LiveEnvironments >= max.Max =>
                    new Violation(policy, rule, "name", $"Policy '{policy.Name}' allows at most {max.Max} environments per project; project '{project}' has {facts!.LiveEnvironments}."),
                MaxProjectMonthlyCostRule budget when facts is not null && OverBudget(catalog, template, ttl, facts, budget, project, policy) is { } message =>
                    new Violation(policy, rule, "template", message),
                MaxMonthlyCostRule cost when ProjectSpend.MonthlyEstimate(catalog, template) is var total && total > cost.MaxUsd =>
                    new Violation(policy, rule, "template", string.Create(CultureInfo.InvariantCulture, $"Policy '{policy.Name}' limits the estimated cost to {cost.MaxUsd} USD a month; template {template} is estimated at {total} USD.")),
                _ => null,
            };
            if (violation is not null)
            {
                yield return violation;
            }
        }
    }

    /// <summary>Why the new environment would take the project over its monthly budget, or null when it fits.</summary>
    private static string? OverBudget(TemplateCatalog catalog, EnvironmentTemplate template, TimeSpan? ttl, ProjectFacts facts, MaxProjectMonthlyCostRule budget, string project, Policy policy)
    {
        var own = ProjectSpend.Share(ProjectSpend.MonthlyEstimate(catalog, template), facts.Now, facts.Now + ttl, facts.Now);
        if (facts.MonthSpendUsd + own <= budget.MaxUsd)
        {
            return null;
        }

        var month = ProjectSpend.MonthOf(facts.Now).Start;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Policy '{policy.Name}' limits project '{project}' to {budget.MaxUsd} USD in {month:yyyy-MM}; its environments are projected at {facts.MonthSpendUsd:0.00} USD and this one would add {own:0.00} USD.");
    }

    private static bool Same(Value a, Value b) => (a, b) switch
    {
        (NumberValue x, NumberValue y) => x.Value == y.Value,
        _ => a.AsSensitive(false).Equals(b.AsSensitive(false)),
    };

    /// <param name="Field">The request field a refusal names.</param>
    private sealed record Violation(Policy Policy, PolicyRule Rule, string Field, string Message)
    {
        public PolicyResult ToResult() => new(Policy.Name, Rule.RuleName, Policy.Enforcement, null, Message);
    }
}

/// <summary>What the policies say about a request: refused, or admitted with the violations to record.</summary>
/// <param name="Results">Advisory and approval violations, recorded with the run.</param>
internal sealed record PolicyVerdict(LifecycleProblem? Refusal, ImmutableArray<PolicyResult> Results)
{
    /// <summary>True when a platform admin's override let every violation through.</summary>
    public bool Overridden { get; init; }

    /// <summary>The violations that make the request wait for an approver; empty when none does (or it was overridden).</summary>
    public ImmutableArray<PolicyResult> ApprovalReasons => Overridden ? [] : [.. Results.Where(r => r.Enforcement == PolicyEnforcement.Approval)];
}
