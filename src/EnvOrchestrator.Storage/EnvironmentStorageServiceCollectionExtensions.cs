using EnvOrchestrator.Core.ApiKeys;
using EnvOrchestrator.Core.Audit;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Storage;

public static class EnvironmentStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Table/Blob Storage implementations of <see cref="IEnvironmentStore"/>, <see cref="IRunStore"/>,
    /// <see cref="IActiveRunIndex"/>, <see cref="IStepLogStore"/>, <see cref="IIdempotencyStore"/>, <see cref="IAuditLog"/>, <see cref="IApiKeyStore"/>, <see cref="Core.Quotas.IProjectQuotaStore"/> and <see cref="Core.Webhooks.IWebhookStore"/>, with options validated at start-up, and
    /// <see cref="EnvironmentStorageInitializer"/> (call <see cref="EnvironmentStorageInitializer.EnsureCreatedAsync"/>
    /// once at start-up). The environment store needs an <see cref="ISecretProtector"/> registered too (sensitive values
    /// are stored protected). Bind configuration in <paramref name="configure"/>, e.g.
    /// <c>o =&gt; configuration.GetSection(EnvironmentStorageOptions.SectionName).Bind(o)</c>.
    /// </summary>
    public static IServiceCollection AddEnvironmentStorage(this IServiceCollection services, Action<EnvironmentStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EnvironmentStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EnvironmentStorageOptions>, EnvironmentStorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new EnvironmentStorageClients(sp.GetRequiredService<IOptions<EnvironmentStorageOptions>>().Value));
        services.TryAddSingleton(sp => new DocumentColumns(sp.GetRequiredService<EnvironmentStorageClients>(), Logger<DocumentColumns>(sp)));
        services.TryAddSingleton(sp => new ExpiryIndex(sp.GetRequiredService<EnvironmentStorageClients>(), Logger<ExpiryIndex>(sp)));
        services.TryAddSingleton<IEnvironmentStore>(sp => new TableEnvironmentStore(
            sp.GetRequiredService<EnvironmentStorageClients>(), sp.GetRequiredService<DocumentColumns>(), sp.GetRequiredService<ExpiryIndex>(), Logger<TableEnvironmentStore>(sp),
            sp.GetService<ISecretProtector>() ?? throw new InvalidOperationException(
                "The environment store protects sensitive values with an ISecretProtector, and none is registered: call AddEnvOrchestratorSecrets (EnvOrchestrator.Secrets).")));
        services.TryAddSingleton<IRunStore>(sp => new TableRunStore(sp.GetRequiredService<EnvironmentStorageClients>(), sp.GetRequiredService<DocumentColumns>()));
        services.TryAddSingleton<IActiveRunIndex>(sp => new TableActiveRunIndex(sp.GetRequiredService<EnvironmentStorageClients>(), Logger<TableActiveRunIndex>(sp)));
        services.TryAddSingleton<IStepLogStore>(sp => new BlobStepLogStore(sp.GetRequiredService<EnvironmentStorageClients>()));
        services.TryAddSingleton<IIdempotencyStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EnvironmentStorageOptions>>().Value;
            var policy = new IdempotencyPolicy { Retention = options.IdempotencyRetention, InProgressLease = options.IdempotencyInProgressLease };
            return new TableIdempotencyStore(
                sp.GetRequiredService<EnvironmentStorageClients>(), sp.GetRequiredService<DocumentColumns>(), sp.GetRequiredService<TimeProvider>(), policy, Logger<TableIdempotencyStore>(sp));
        });
        services.TryAddSingleton<IAuditLog>(sp => new TableAuditLog(sp.GetRequiredService<EnvironmentStorageClients>()));
        services.TryAddSingleton<IApiKeyStore>(sp => new TableApiKeyStore(sp.GetRequiredService<EnvironmentStorageClients>()));
        services.TryAddSingleton<Core.Quotas.IProjectQuotaStore>(sp => new TableProjectQuotaStore(sp.GetRequiredService<EnvironmentStorageClients>()));
        services.TryAddSingleton<Core.Webhooks.IWebhookStore>(sp => new TableWebhookStore(
            sp.GetRequiredService<EnvironmentStorageClients>(),
            sp.GetService<Core.Secrets.ISecretProtector>() ?? throw new InvalidOperationException(
                "The webhook store seals subscription secrets with an ISecretProtector, and none is registered: call AddEnvOrchestratorSecrets (EnvOrchestrator.Secrets).")));
        services.TryAddSingleton(sp => new EnvironmentStorageInitializer(sp.GetRequiredService<EnvironmentStorageClients>(), Logger<EnvironmentStorageInitializer>(sp)));
        return services;
    }

    // Hosts always register logging; a bare container (a tool, a test) still gets working stores.
    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
