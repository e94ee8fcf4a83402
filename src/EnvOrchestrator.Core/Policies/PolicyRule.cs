using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Policies;

/// <summary>
/// One rule of a policy. Rules on the request (TTL, count, cost estimate, input values) are checked when an environment
/// is created or extended; rules on what Terraform will do (resource types, tags) are checked on the plan.
/// </summary>
public abstract record PolicyRule
{
    /// <summary>The rule's name as written in files, e.g. <c>maxTtl</c>.</summary>
    public abstract string RuleName { get; }

    /// <summary>True when the rule needs the Terraform plan (<c>show -json</c>) to be evaluated.</summary>
    public virtual bool NeedsPlan => false;
}

public sealed record MaxTtlRule(TimeSpan MaxTtl) : PolicyRule
{
    public override string RuleName => "maxTtl";
}

public sealed record MaxEnvironmentsPerProjectRule(int Max) : PolicyRule
{
    public override string RuleName => "maxEnvironmentsPerProject";
}

public sealed record MaxMonthlyCostRule(decimal MaxUsd) : PolicyRule
{
    public override string RuleName => "maxMonthlyCostUsd";
}

/// <summary>
/// A project's spending this calendar month, projected from the cost estimates of its environments over the part of
/// the month each lives (created to destroyed or expiry), may not exceed <see cref="MaxUsd"/> with the new one added.
/// </summary>
public sealed record MaxProjectMonthlyCostRule(decimal MaxUsd) : PolicyRule
{
    public override string RuleName => "maxProjectMonthlyCostUsd";
}

/// <summary>Always broken: under an <c>approval</c> policy, every environment the policy applies to waits for an approver.</summary>
public sealed record RequireApprovalRule : PolicyRule
{
    public override string RuleName => "requireApproval";
}

/// <summary>Restricts an environment input (by name) to a list of values.</summary>
public sealed record AllowedValuesRule(string Input, ImmutableArray<Value> Values) : PolicyRule
{
    public override string RuleName => "allowedValues";
}

/// <summary>Terraform resource types (e.g. <c>azurerm_kubernetes_cluster</c>) a plan may not create.</summary>
public sealed record DenyResourceTypesRule(ImmutableArray<string> ResourceTypes) : PolicyRule
{
    public override string RuleName => "denyResourceTypes";

    public override bool NeedsPlan => true;
}

/// <summary>
/// At most <see cref="Max"/> Terraform resources changed (created, updated, deleted; a replace counts once) by one
/// environment resource's plan: a guard against a change far bigger than intended.
/// </summary>
public sealed record MaxResourcesChangedRule(int Max) : PolicyRule
{
    public override string RuleName => "maxResourcesChanged";

    public override bool NeedsPlan => true;
}

/// <summary>
/// A plan may not delete or replace an existing Terraform resource (an update that would lose data); destroying the
/// environment is not a plan and is not affected. Allowed where the policy does not apply, is advisory, or is overridden.
/// </summary>
public sealed record PreventDestroyRule : PolicyRule
{
    public override string RuleName => "preventDestroy";

    public override bool NeedsPlan => true;
}

/// <summary>Tag keys every taggable resource in a plan must carry.</summary>
public sealed record RequireTagsRule(ImmutableArray<string> Tags) : PolicyRule
{
    public override string RuleName => "requireTags";

    public override bool NeedsPlan => true;
}
