using System.Text.Json;

namespace EnvOrchestrator.Api.Endpoints;

// Optional members have defaults so that the OpenAPI schema does not list them as required.

/// <summary>Body of <c>POST /api/projects/{project}/environments</c>; <c>ttl</c> is a duration such as <c>8h</c> or <c>90m</c>.</summary>
public sealed record CreateEnvironmentRequest(string? Name, string? Template, Dictionary<string, JsonElement>? Inputs = null, string? Ttl = null, PolicyOverrideRequest? PolicyOverride = null);

/// <summary>Body of <c>PATCH …/environments/{name}</c>: inputs to change (merged over the current ones) and/or a template version.</summary>
public sealed record UpdateEnvironmentRequest(Dictionary<string, JsonElement>? Inputs = null, string? TemplateVersion = null, PolicyOverrideRequest? PolicyOverride = null);

/// <summary>
/// <c>policyOverride</c> in a create or update body: a platform admin's reason to go ahead whatever the policies say
/// (mandatory violations recorded instead of refusing, no approval waited for). Anyone else is refused (403).
/// </summary>
public sealed record PolicyOverrideRequest(string? Reason);

/// <summary>Body of <c>POST …/{name}/extend</c>: how much longer, e.g. <c>4h</c>.</summary>
public sealed record ExtendEnvironmentRequest(string? By);

/// <summary>Body of <c>POST …/{name}/approve</c> (reason optional) and <c>POST …/{name}/reject</c> (reason required).</summary>
public sealed record ApprovalDecisionRequest(string? Reason = null);

/// <summary>Body of <c>POST …/{name}/plan</c>: the inputs and template version to try (current ones when omitted).</summary>
public sealed record PlanEnvironmentRequest(Dictionary<string, JsonElement>? Inputs = null, string? TemplateVersion = null);

/// <summary>Body of <c>POST …/{name}/retry</c>: optional, and when sent an empty JSON object (nothing to choose yet).</summary>
public sealed record RetryEnvironmentRequest;

/// <summary>Body of <c>POST …/{name}/cancel</c>: optional, and when sent an empty JSON object (nothing to choose yet).</summary>
public sealed record CancelEnvironmentRequest;
