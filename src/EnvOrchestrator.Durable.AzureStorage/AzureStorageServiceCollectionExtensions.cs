using Microsoft.Extensions.DependencyInjection;
using EnvOrchestrator.Durable.Backend;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.AzureStorage;

public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AzureStorageOrchestrationBackend"/> as the engine's <see cref="IOrchestrationBackend"/>,
    /// with options validated at start-up, and the hosted orphan payload sweep
    /// (<see cref="AzureStorageOrchestrationOptions.OrphanPayloadSweepInterval"/>). Bind configuration in <paramref name="configure"/>, e.g.
    /// <c>o =&gt; configuration.GetSection(AzureStorageOrchestrationOptions.SectionName).Bind(o)</c>.
    /// </summary>
    public static IServiceCollection AddAzureStorageOrchestrationBackend(
        this IServiceCollection services, Action<AzureStorageOrchestrationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AzureStorageOrchestrationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureStorageOrchestrationOptions>, AzureStorageOrchestrationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AzureStorageOrchestrationBackend>();
        services.TryAddSingleton<IOrchestrationBackend>(sp => sp.GetRequiredService<AzureStorageOrchestrationBackend>());
        services.AddHostedService<OrphanPayloadSweepService>();
        return services;
    }
}
