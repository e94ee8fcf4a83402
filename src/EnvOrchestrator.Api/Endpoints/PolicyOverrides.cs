using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// The role check of <c>policyOverride</c>: the lifecycle records an override with its reason, but only the API knows
/// who may give one (platform admins).
/// </summary>
internal static class PolicyOverrides
{
    public static ProblemHttpResult? Refuse(HttpContext context, PolicyOverrideRequest? requested)
    {
        if (requested is null)
        {
            return null;
        }

        var caller = context.Caller();
        return caller.IsPlatformAdmin
            ? null
            : Problems.Create(ProblemCodes.Forbidden, $"'{caller.Name}' may not override policies: platform-admin only.", "policyOverride", "policy-override.platform-admin-only");
    }

    /// <summary>The reason to hand to the lifecycle; an override with no reason is passed as empty so it is refused there, naming the field.</summary>
    public static string? Reason(PolicyOverrideRequest? requested) => requested is null ? null : requested.Reason ?? string.Empty;
}
