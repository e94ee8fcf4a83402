using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Tests.Loading;

/// <summary>Policy files: the approval enforcement and the rules added with it.</summary>
public sealed class PolicyLoadingTests
{
    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_ApprovalPolicyWithEveryNewRule_MapsThem()
    {
        var file = new CatalogFile("policies/gate.yaml", """
            apiVersion: envorch.io/v1
            kind: Policy
            metadata: { name: gate }
            spec:
              appliesTo: { projects: [prod] }
              enforcement: approval
              rules:
                - requireApproval: true
                - maxProjectMonthlyCostUsd: 1500.5
                - maxResourcesChanged: 12
                - preventDestroy: true
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        Assert.Empty(result.Errors);
        var policy = Assert.Single(result.Catalog.Policies);
        Assert.Equal(PolicyEnforcement.Approval, policy.Enforcement);
        Assert.Equal<PolicyRule>([new RequireApprovalRule(), new MaxProjectMonthlyCostRule(1500.5m), new MaxResourcesChangedRule(12), new PreventDestroyRule()], policy.Rules);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("enforcement: aproval\n  rules:\n    - maxTtl: 1h", "spec.enforcement", RuleIds.SchemaEnum)]
    [InlineData("enforcement: mandatory\n  rules:\n    - requireApproval: true", "spec.rules[0].requireApproval", RuleIds.RequireApprovalEnforcement)]
    [InlineData("enforcement: mandatory\n  rules:\n    - preventDestroy: false", "spec.rules[0].preventDestroy", RuleIds.SchemaEnum)]
    [InlineData("enforcement: approval\n  rules:\n    - requireApproval: false", "spec.rules[0].requireApproval", RuleIds.SchemaEnum)]
    [InlineData("enforcement: mandatory\n  rules:\n    - maxResourcesChanged: -1", "spec.rules[0].maxResourcesChanged", RuleIds.SchemaRange)]
    public async Task LoadFiles_BadPolicy_ErrorAtThePath(string spec, string path, string rule)
    {
        var file = new CatalogFile("policies/bad.yaml", "apiVersion: envorch.io/v1\nkind: Policy\nmetadata: { name: bad }\nspec:\n  " + spec + "\n");

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        Assert.Contains(result.Errors, e => e.Path == path && e.RuleId == rule);
    }
}
