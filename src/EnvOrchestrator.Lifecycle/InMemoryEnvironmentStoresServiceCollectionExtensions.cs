using EnvOrchestrator.Core.Audit;
using EnvOrchestrator.Core.Audit.InMemory;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Environments.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.Lifecycle;

public static class InMemoryEnvironmentStoresServiceCollectionExtensions
{
    /// <summary>
    /// Every environment store port in process memory (environments, runs, active runs, step logs, idempotency keys, the audit log):
    /// for tests, benchmarks and trying the lifecycle without storage. Nothing survives the process. Stores registered
    /// before this call are kept.
    /// </summary>
    public static IServiceCollection AddInMemoryEnvironmentStores(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEnvironmentStore, InMemoryEnvironmentStore>();
        services.TryAddSingleton<IRunStore, InMemoryRunStore>();
        services.TryAddSingleton<IActiveRunIndex, InMemoryActiveRunIndex>();
        services.TryAddSingleton<IStepLogStore, InMemoryStepLogStore>();
        services.TryAddSingleton<IIdempotencyStore>(sp => new InMemoryIdempotencyStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IAuditLog, InMemoryAuditLog>();
        return services;
    }
}
