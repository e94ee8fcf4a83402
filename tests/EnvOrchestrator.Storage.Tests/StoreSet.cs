using EnvOrchestrator.Core.ApiKeys;
using EnvOrchestrator.Core.ApiKeys.InMemory;
using EnvOrchestrator.Core.Audit;
using EnvOrchestrator.Core.Audit.InMemory;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Environments.InMemory;
using EnvOrchestrator.Core.Quotas;
using EnvOrchestrator.Core.Quotas.InMemory;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Core.Webhooks.InMemory;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Storage.Tests;

/// <summary>The stores under test, from one implementation, isolated from every other test.</summary>
public sealed record StoreSet(IEnvironmentStore Environments, IRunStore Runs, IStepLogStore Logs, IIdempotencyStore Idempotency, IActiveRunIndex ActiveRuns, IAuditLog Audit, IApiKeyStore ApiKeys)
{
    public IProjectQuotaStore Quotas { get; init; } = new InMemoryProjectQuotaStore();

    public IWebhookStore Webhooks { get; init; } = new InMemoryWebhookStore();

    public static StoreSet InMemory(FakeTimeProvider time) =>
        new(new InMemoryEnvironmentStore(), new InMemoryRunStore(), new InMemoryStepLogStore(), new InMemoryIdempotencyStore(time, Policy), new InMemoryActiveRunIndex(), new InMemoryAuditLog(), new InMemoryApiKeyStore()) { Quotas = new InMemoryProjectQuotaStore(), Webhooks = new InMemoryWebhookStore() };

    /// <summary>Stores on the shared Azurite, through the DI extension, with tables and containers of their own.</summary>
    public static Task<StoreSet> AzuriteAsync(AzuriteFixture azurite, FakeTimeProvider time) => AzuriteAsync(azurite.ConnectionString, time);

    /// <summary>Stores on the Azurite at <paramref name="connectionString"/>, through the DI extension, with tables and containers of their own.</summary>
    public static async Task<StoreSet> AzuriteAsync(string connectionString, FakeTimeProvider time)
    {
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<ISecretProtector, InMemorySecretProtector>()
            .AddEnvironmentStorage(o =>
            {
                o.ConnectionString = connectionString;
                o.TablePrefix = AzuriteFixture.UniqueName("t");
                o.IdempotencyRetention = Policy.Retention;
                o.IdempotencyInProgressLease = Policy.InProgressLease;
            })
            .BuildServiceProvider();
        await services.GetRequiredService<EnvironmentStorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return new StoreSet(
            services.GetRequiredService<IEnvironmentStore>(),
            services.GetRequiredService<IRunStore>(),
            services.GetRequiredService<IStepLogStore>(),
            services.GetRequiredService<IIdempotencyStore>(),
            services.GetRequiredService<IActiveRunIndex>(),
            services.GetRequiredService<IAuditLog>(),
            services.GetRequiredService<IApiKeyStore>()) { Quotas = services.GetRequiredService<IProjectQuotaStore>(), Webhooks = services.GetRequiredService<IWebhookStore>() };
    }

    public static IdempotencyPolicy Policy { get; } = new() { Retention = TimeSpan.FromHours(24), InProgressLease = TimeSpan.FromMinutes(5) };
}
