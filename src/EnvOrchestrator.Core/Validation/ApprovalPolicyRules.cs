using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Core.Validation;

/// <summary>
/// <c>requireApproval</c> is broken by every request, so it means something only under <c>enforcement: approval</c>:
/// mandatory would refuse every environment and advisory would only add noise.
/// </summary>
internal static class ApprovalPolicyRules
{
    public static void Check(Policy policy, ErrorSink errors)
    {
        if (policy.Enforcement != PolicyEnforcement.Approval && policy.Rules.Any(r => r is RequireApprovalRule))
        {
            var index = policy.Rules.IndexOf(policy.Rules.First(r => r is RequireApprovalRule));
            errors.Add(policy.Source, $"spec.rules[{index}].requireApproval", RuleIds.RequireApprovalEnforcement,
                $"policy '{policy.Name}' has requireApproval, which needs enforcement: approval (it is {policy.Enforcement.ToString().ToLowerInvariant()})");
        }
    }
}
