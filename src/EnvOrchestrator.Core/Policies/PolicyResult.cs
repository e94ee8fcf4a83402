namespace EnvOrchestrator.Core.Policies;

/// <summary>
/// One policy violation found while a run was admitted or planned. Advisory results are the only trace an advisory
/// policy leaves; mandatory ones found on a plan explain why the resource was refused.
/// </summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Rule">The rule's name as written in files, e.g. <c>requireTags</c>.</param>
/// <param name="Resource">The environment resource whose plan broke the rule; null for rules on the request.</param>
/// <param name="Message">For people; names the policy and, for plan rules, the Terraform resource address.</param>
public sealed record PolicyResult(string Policy, string Rule, PolicyEnforcement Enforcement, string? Resource, string Message);
