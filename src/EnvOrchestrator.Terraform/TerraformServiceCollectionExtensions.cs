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
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITerraformRunner, TerraformRunner>();
        return services;
    }
}
