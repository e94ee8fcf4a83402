using EnvOrchestrator.Core.Audit;
using EnvOrchestrator.Core.Audit.InMemory;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Environments.InMemory;
using EnvOrchestrator.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.Lifecycle;

public static class InMemoryEnvironmentStoresServiceCollectionExtensions
{
    /// <summary>
    /// Every environment store port in process memory (environments, runs, active runs, step logs, idempotency keys, the audit log, quota slots):
    /// for tests, benchmarks and trying the lifecycle without storage. Nothing survives the process. Stores registered
    /// before this call are kept. An <see cref="ISecretProtector"/> that lives in memory too is added when none is
    /// registered, for a table store mixed in with these (AddEnvOrchestratorSecrets replaces it).
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
        services.TryAddSingleton<Core.Quotas.IProjectQuotaStore, Core.Quotas.InMemory.InMemoryProjectQuotaStore>();
        services.TryAddSingleton<Core.Webhooks.IWebhookStore, Core.Webhooks.InMemory.InMemoryWebhookStore>();
        services.TryAddSingleton<ISecretProtector, InMemorySecretProtector>();
        return services;
    }
}
