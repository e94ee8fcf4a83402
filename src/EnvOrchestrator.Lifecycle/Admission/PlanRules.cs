using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>Mandatory rules decided on a resource's Terraform plan before it is applied (denied resource types).</summary>
internal static class PlanRules
{
    /// <summary>
    /// True when a mandatory rule must see the plan before apply. Otherwise nothing waits for <c>show -json</c>, and the
    /// runner reads the plan beside the apply instead of before it (one Terraform process less on the critical path).
    /// </summary>
    public static bool AnyFor(TemplateCatalog catalog, string project, string template) =>
        PolicyAdmission.MandatoryRules(catalog, project, template).Any(r => r.Rule is DenyResourceTypesRule);

    /// <summary>Why the plan may not be applied, or null.</summary>
    public static string? Check(TemplateCatalog catalog, string project, string template, TerraformPlan plan)
    {
        foreach (var (policy, rule) in PolicyAdmission.MandatoryRules(catalog, project, template))
        {
            if (rule is DenyResourceTypesRule deny)
            {
                var denied = plan.ResourceChanges.FirstOrDefault(c => deny.ResourceTypes.Contains(c.Type) && c.Actions.Contains("create"));
                if (denied is not null)
                {
                    return $"Policy '{policy.Name}' denies resource type '{denied.Type}' ({denied.Address}).";
                }
            }
        }

        return null;
    }
}
