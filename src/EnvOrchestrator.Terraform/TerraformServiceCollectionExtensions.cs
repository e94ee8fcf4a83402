using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.Terraform;

public static class TerraformServiceCollectionExtensions
{
    /// <summary>Registers the machine-wide <see cref="ITerraformRunner"/> (a singleton: it owns the concurrency limit).</summary>
    public static IServiceCollection AddTerraformRunner(this IServiceCollection services, Action<TerraformRunnerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TerraformRunnerOptions>()
            .Configure(configure ?? (_ => { }))
            .Validate(o => o.MaxConcurrentRuns >= 1, "Terraform:MaxConcurrentRuns must be at least 1.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.TerraformPath), "Terraform:TerraformPath is required.")
            .Validate(o => o.GracePeriod >= TimeSpan.Zero && o.CommandTimeout > TimeSpan.Zero && o.LockTimeout >= TimeSpan.Zero, "Terraform timeouts must not be negative.")
            .Validate(o => o.HttpRetryMax >= 0, "Terraform:HttpRetryMax must not be negative.")
            .Validate(
                o => o.HttpRetryWaitMin >= TimeSpan.Zero && o.HttpRetryWaitMax >= o.HttpRetryWaitMin,
                "Terraform:HttpRetryWaitMin must not be negative nor above Terraform:HttpRetryWaitMax.")
            .Validate(o => o.OrphanWaitTimeout >= TimeSpan.Zero && o.OrphanGracePeriod >= TimeSpan.Zero, "Terraform orphan timeouts must not be negative.")
            .Validate(
                o => o.OrphanDrain >= TimeSpan.Zero && o.OrphanDrain < o.OrphanWaitTimeout,
                "Terraform:OrphanDrain must not be negative and must be below Terraform:OrphanWaitTimeout (which also covers the graceful stop).")
            .Validate(o => !o.UseParentDeathSignal || !string.IsNullOrWhiteSpace(o.SetprivPath), "Terraform:SetprivPath is required with UseParentDeathSignal.")
            .Validate(o => o.Niceness is >= 0 and <= 19, "Terraform:Niceness must be between 0 and 19.")
            .Validate(o => o.Niceness == 0 || !string.IsNullOrWhiteSpace(o.NicePath), "Terraform:NicePath is required with a Niceness above 0.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITerraformRunner, TerraformRunner>();
        return services;
    }
}
