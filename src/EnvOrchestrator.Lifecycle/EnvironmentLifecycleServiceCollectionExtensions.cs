using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Durable;
using EnvOrchestrator.Lifecycle.Activities;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Expiry;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle;

public static class EnvironmentLifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEnvironmentService"/>, the lifecycle orchestrators and activities (into the durable
    /// worker's registry, so call this instead of, or besides, your own <c>AddDurableTaskWorker</c>), the expiry
    /// sweep and a logging <see cref="IEnvironmentNotifier"/>. The host also registers: an orchestration backend, the
    /// environment stores (<see cref="IEnvironmentStore"/>, <see cref="IRunStore"/>, <see cref="IStepLogStore"/>,
    /// <see cref="IIdempotencyStore"/>), <c>AddTerraformRunner</c> and <c>AddTerraformStateBackend</c>.
    /// </summary>
    public static IServiceCollection AddEnvironmentLifecycle(this IServiceCollection services, Action<EnvironmentLifecycleOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EnvironmentLifecycleOptions>()
            .Configure(configure)
            .Validate(o => o.StateBackendUrl is { IsAbsoluteUri: true }, "Lifecycle:StateBackendUrl must be an absolute URL.")
            .Validate(o => o.DestroyMaxAttempts >= 1, "Lifecycle:DestroyMaxAttempts must be at least 1.")
            .Validate(o => o.ExpirySweepInterval > TimeSpan.Zero && o.CancelPollInterval > TimeSpan.Zero && o.DestroyFirstRetryInterval > TimeSpan.Zero, "Lifecycle intervals must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITemplateCatalogSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EnvironmentLifecycleOptions>>().Value;
            return new DirectoryTemplateCatalogSource(options.Catalog, options.CatalogRoot);
        });
        services.TryAddSingleton<IEnvironmentNotifier, LoggingEnvironmentNotifier>();
        services.TryAddSingleton<RunCancellationRegistry>();
        services.TryAddSingleton<RunStarter>();
        services.TryAddSingleton<StepServices>();
        services.TryAddSingleton<EnvironmentPlanner>();
        services.TryAddSingleton<ExpirySweep>();
        services.TryAddSingleton<IEnvironmentService, EnvironmentService>();
        services.AddHostedService<ExpirySweepService>();
        services.AddDurableTaskClient();
        services.AddDurableTaskWorker(builder => builder.AddTasks(r => r.AddLifecycleTasks()));
        return services;
    }

    /// <summary>The lifecycle's orchestrators and activities, for hosts that build their own durable worker.</summary>
    public static DurableTaskRegistry AddLifecycleTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<DeployOrchestrator>()
            .AddOrchestrator<DestroyOrchestrator>()
            .AddOrchestrator<LifetimeOrchestrator>()
            .AddActivity<StartRunActivity>()
            .AddActivity<ApplyResourceActivity>()
            .AddActivity<DestroyResourceActivity>()
            .AddActivity<CompleteRunActivity>()
            .AddActivity<ReadExpiryActivity>()
            .AddActivity<WarnExpiryActivity>()
            .AddActivity<ExpireEnvironmentActivity>();
    }
}
