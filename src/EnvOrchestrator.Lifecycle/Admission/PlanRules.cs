using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// Rules decided on a resource's Terraform plan before it is applied: denied resource types, required tags, the number
/// of resources changed and destroys of existing resources.
/// Mandatory and advisory policies are evaluated alike; only mandatory violations refuse the plan.
/// </summary>
internal static class PlanRules
{
    /// <summary>
    /// True when a plan rule (mandatory or advisory) must see the plan before apply. Otherwise nothing waits for
    /// <c>show -json</c>, and the runner reads the plan beside the apply instead of before it (one Terraform process
    /// less on the critical path).
    /// </summary>
    /// <remarks>
    /// A resource-type rule needs no plan when the catalog knows every type the module can create and none is denied
    /// (<see cref="ResourceTemplate.ManagedResourceTypes"/>); required tags always do, as tags may come from anywhere.
    /// </remarks>
    public static bool AnyFor(TemplateCatalog catalog, string project, string template, ResourceTemplate resource) =>
        Any(catalog, project, template, resource, mandatoryOnly: false);

    /// <summary>
    /// True when a mandatory plan rule could refuse this resource's plan: then a deploy plans every resource it can
    /// before applying any, so a refusal leaves nothing half-applied.
    /// </summary>
    public static bool AnyMandatoryFor(TemplateCatalog catalog, string project, string template, ResourceTemplate resource) =>
        Any(catalog, project, template, resource, mandatoryOnly: true);

    private static bool Any(TemplateCatalog catalog, string project, string template, ResourceTemplate resource, bool mandatoryOnly)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return PolicyAdmission.RulesFor(catalog, project, template)
            .Where(r => !mandatoryOnly || r.Policy.Enforcement == PolicyEnforcement.Mandatory)
            .Any(r => r.Rule switch
            {
                DenyResourceTypesRule deny => resource.ManagedResourceTypes is not { } types || types.Any(deny.ResourceTypes.Contains),
                _ => r.Rule.NeedsPlan,
            });
    }

    /// <summary>Every violation of a plan rule by the plan of environment resource <paramref name="resource"/>, in catalog order.</summary>
    public static ImmutableArray<PolicyResult> Evaluate(TemplateCatalog catalog, string project, string template, string resource, TerraformPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var results = ImmutableArray.CreateBuilder<PolicyResult>();
        foreach (var (policy, rule) in PolicyAdmission.RulesFor(catalog, project, template))
        {
            switch (rule)
            {
                case DenyResourceTypesRule deny:
                    foreach (var change in plan.ResourceChanges.Where(c => deny.ResourceTypes.Contains(c.Type) && c.Actions.Contains("create")))
                    {
                        results.Add(new PolicyResult(policy.Name, rule.RuleName, policy.Enforcement, resource, $"Policy '{policy.Name}' denies resource type '{change.Type}' ({change.Address})."));
                    }

                    break;
                case MaxResourcesChangedRule max when Changed(plan) is { Count: var count } changed && count > max.Max:
                    results.Add(new PolicyResult(policy.Name, rule.RuleName, policy.Enforcement, resource, $"Policy '{policy.Name}' allows at most {max.Max} resource changes per plan; the plan of '{resource}' changes {count} ({Addresses(changed)})."));
                    break;
                case PreventDestroyRule when plan.ResourceChanges.Where(c => c.Actions.Contains("delete")).Select(c => c.Address).ToList() is { Count: > 0 } destroyed:
                    results.Add(new PolicyResult(policy.Name, rule.RuleName, policy.Enforcement, resource, $"Policy '{policy.Name}' does not allow destroying existing resources; the plan of '{resource}' would delete or replace {Addresses(destroyed)}."));
                    break;
                case RequireTagsRule require:
                    foreach (var change in plan.ResourceChanges.Where(c => c.Actions.Contains("create") || c.Actions.Contains("update")))
                    {
                        var missing = PlanTags.Missing(change, require.Tags);
                        if (missing.Count > 0)
                        {
                            results.Add(new PolicyResult(policy.Name, rule.RuleName, policy.Enforcement, resource, $"Policy '{policy.Name}' requires tags on {change.Address}; missing or empty: {string.Join(", ", missing)}."));
                        }
                    }

                    break;
            }
        }

        return results.ToImmutable();
    }

    /// <summary>The addresses of the resources a plan changes: anything but no-op and read; a replace (delete and create) once.</summary>
    private static List<string> Changed(TerraformPlan plan) =>
        [.. plan.ResourceChanges.Where(c => c.Actions.Count > 0 && !c.Actions.All(a => a is "no-op" or "read")).Select(c => c.Address)];

    private static string Addresses(List<string> addresses) =>
        addresses.Count <= 5 ? string.Join(", ", addresses) : string.Join(", ", addresses.Take(5)) + $" and {addresses.Count - 5} more";

    /// <summary>Why the plan may not be applied (every mandatory violation), or null when only advisory ones were found.</summary>
    public static string? Refusal(IEnumerable<PolicyResult> results)
    {
        var mandatory = results.Where(r => r.Enforcement == PolicyEnforcement.Mandatory).Select(r => r.Message).ToList();
        return mandatory.Count == 0 ? null : string.Join(" ", mandatory);
    }
}
