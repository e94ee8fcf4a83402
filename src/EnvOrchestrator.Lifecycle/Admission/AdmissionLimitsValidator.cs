using EnvOrchestrator.Core.Environments;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>Checks the TTL caps, quotas and approval settings of <see cref="EnvironmentLifecycleOptions"/> at start-up, naming each bad key.</summary>
internal sealed class AdmissionLimitsValidator : IValidateOptions<EnvironmentLifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, EnvironmentLifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(options.Ttl, "Lifecycle:Ttl", errors);
        Check(options.Quotas, "Lifecycle:Quotas", errors);
        if (options.QuotaClaimGrace < TimeSpan.Zero)
        {
            errors.Add("Lifecycle:QuotaClaimGrace must not be negative.");
        }

        if (options.Approvals.Timeout <= TimeSpan.Zero)
        {
            errors.Add("Lifecycle:Approvals:Timeout must be positive.");
        }

        // Each re-check is a timer and an activity in the run's history: below a second it would only churn.
        if (options.Approvals.RecheckInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("Lifecycle:Approvals:RecheckInterval must be at least 1 second.");
        }

        foreach (var (project, limits) in options.Projects)
        {
            var section = $"Lifecycle:Projects:{project}";
            if (ProjectName.Validate(project) is { } bad)
            {
                errors.Add($"{section}: {bad}");
            }

            Check(limits.Ttl, section + ":Ttl", errors);
            Check(limits.Quotas, section + ":Quotas", errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(TtlLimitOptions ttl, string section, List<string> errors)
    {
        foreach (var (key, value) in new[]
                 {
                     (nameof(ttl.Default), ttl.Default), (nameof(ttl.Maximum), ttl.Maximum), (nameof(ttl.MaxExtension), ttl.MaxExtension),
                     (nameof(ttl.MaxTotalLifetime), ttl.MaxTotalLifetime),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{section}:{key} must be positive.");
            }
        }

        if (ttl.MaxExtensions < 0)
        {
            errors.Add($"{section}:MaxExtensions must not be negative.");
        }
    }

    private static void Check(QuotaOptions quotas, string section, List<string> errors)
    {
        if (quotas.EnvironmentsPerProject < 0)
        {
            errors.Add($"{section}:EnvironmentsPerProject must not be negative.");
        }

        if (quotas.EnvironmentsPerUser < 0)
        {
            errors.Add($"{section}:EnvironmentsPerUser must not be negative.");
        }
    }
}
