using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Lifecycle.Activities;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Retention;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.Sweep;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle;

public static class EnvironmentLifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEnvironmentService"/>, the lifecycle orchestrators and activities (into the default
    /// Durable Task worker's registry; the host chooses its backend with its own <c>AddDurableTaskWorker</c> and
    /// <c>AddDurableTaskClient</c> calls), the sweep
    /// (<see cref="IEnvironmentSweeper"/>, run by a hosted service unless <see cref="EnvironmentLifecycleOptions.SweepInProcess"/>
    /// is off) and a logging <see cref="IEnvironmentNotifier"/>. The host also registers: an orchestration backend,
    /// the environment stores (<see cref="IEnvironmentStore"/>, <see cref="IRunStore"/>, <see cref="IActiveRunIndex"/>,
    /// <see cref="IStepLogStore"/>, <see cref="IIdempotencyStore"/>), <c>AddTerraformRunner</c> and an
    /// <see cref="ITerraformStateBackend"/> (<c>AddTerraformStateBackend</c> registers the one Terraform's http backend serves).
    /// </summary>
    /// <param name="taskWorkerName">
    /// The Durable Task worker whose registry gets the orchestrators and activities: the default one, unless the host
    /// keeps them out of it (under the Functions host the default registry's tasks become functions of their own).
    /// </param>
    public static IServiceCollection AddEnvironmentLifecycle(this IServiceCollection services, Action<EnvironmentLifecycleOptions> configure, string taskWorkerName = "")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EnvironmentLifecycleOptions>()
            .Configure(configure)
            .Validate(o => o.StateBackendUrl is { IsAbsoluteUri: true }, "Lifecycle:StateBackendUrl must be an absolute URL.")
            .Validate(o => o.DestroyMaxAttempts >= 1 && o.ApplyMaxAttempts >= 1, "Lifecycle:DestroyMaxAttempts and ApplyMaxAttempts must be at least 1.")
            .Validate(o => o.ExpirySweepInterval > TimeSpan.Zero && o.CancelPollInterval > TimeSpan.Zero && o.DestroyFirstRetryInterval > TimeSpan.Zero && o.ApplyFirstRetryInterval > TimeSpan.Zero, "Lifecycle intervals must be positive.")
            .Validate(o => o.ExpirySweepGrace >= TimeSpan.Zero && o.ActiveRunSweepGrace >= TimeSpan.Zero, "Lifecycle sweep grace periods must not be negative.")
            .Validate(o => o.DestroyedRetention is null || o.DestroyedRetention >= TimeSpan.Zero, "Lifecycle:DestroyedRetention must not be negative.")
            .Validate(o => o.RetentionSweepInterval > TimeSpan.Zero, "Lifecycle:RetentionSweepInterval must be positive.")
            .Validate(o => o.InterruptedLockWait >= TimeSpan.Zero, "Lifecycle:InterruptedLockWait must not be negative.")
            .Validate(o => o.MinimumTtl >= TimeSpan.Zero, "Lifecycle:MinimumTtl must not be negative.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EnvironmentLifecycleOptions>, Admission.AdmissionLimitsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITemplateCatalogSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EnvironmentLifecycleOptions>>().Value;
            return new DirectoryTemplateCatalogSource(options.Catalog, options.CatalogRoot);
        });
        services.TryAddSingleton<IEnvironmentNotifier, LoggingEnvironmentNotifier>();
        services.TryAddSingleton<Core.Events.IEnvironmentEventSink, Core.Events.NullEnvironmentEventSink>();
        services.TryAddSingleton<EnvironmentEvents>();
        services.AddOptions<Webhooks.WebhookSubscriptionOptions>();
        services.TryAddSingleton<Webhooks.WebhookSubscriptions>();
        services.TryAddSingleton<RunCancellationRegistry>();
        services.TryAddSingleton<RunLedger>();
        services.TryAddSingleton<Core.ResourceGroups.IResourceGroups, Core.ResourceGroups.UnconfiguredResourceGroups>();
        services.TryAddSingleton<ResourceGroups.EnvironmentResourceGroups>();
        services.TryAddSingleton<ResourceGroups.IResourceGroupCheck>(sp => sp.GetRequiredService<ResourceGroups.EnvironmentResourceGroups>());
        services.TryAddSingleton<RunStarter>();

        // Replaces the state backend's open gate: a run's state credentials work while it is the environment's current run.
        services.AddSingleton<Core.TerraformState.IStateRunGate, ActiveRunStateGate>();
        services.TryAddSingleton<HostStopping>();
        services.TryAddSingleton<StepServices>();
        services.TryAddSingleton<EnvironmentPlanner>();
        services.TryAddSingleton<IEnvironmentSweeper, EnvironmentSweep>();
        services.TryAddSingleton<EnvironmentPurger>();
        services.AddUseCases();
        services.TryAddSingleton<IEnvironmentService, EnvironmentService>();
        services.AddHostedService<EnvironmentSweepService>();
        // The host picks the backend: AddDurableTaskWorker(b => b.UseAzureStorage()) and the same for the client.
        services.AddDurableTaskClient(_ => { });
        services.AddDurableTaskWorker(taskWorkerName, builder => builder.AddTasks(r => r.AddLifecycleTasks()));
        return services;
    }

    /// <summary>The lifecycle's orchestrators and activities, for hosts that build their own durable worker.</summary>
    public static DurableTaskRegistry AddLifecycleTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var orchestrator in LifecycleTasks.Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (var activity in LifecycleTasks.Activities)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }

    private static void AddUseCases(this IServiceCollection services)
    {
        services.TryAddSingleton<UseCases.Templates.TemplateQueries>();
        services.TryAddSingleton<UseCases.Environments.EnvironmentQueries>();
        services.TryAddSingleton<UseCases.Environments.LatestRunPolicyResults>();
        services.TryAddSingleton<UseCases.Runs.RunQueries>();
        services.TryAddSingleton<UseCases.Audit.AuditTrail>();
        services.TryAddSingleton<UseCases.Lifetimes.LifetimeTimers>();
        services.TryAddSingleton<UseCases.IdempotentCommands>();
        services.TryAddSingleton<Admission.EnvironmentQuotas>();
        services.TryAddSingleton<UseCases.Create.CreateEnvironmentHandler>();
        services.TryAddSingleton<UseCases.Change.ChangeProposals>();
        services.TryAddSingleton<UseCases.Change.UpdateEnvironmentHandler>();
        services.TryAddSingleton<UseCases.Change.PlanEnvironmentHandler>();
        services.TryAddSingleton<UseCases.Destroy.DestroyEnvironmentHandler>();
        services.TryAddSingleton<UseCases.Purge.PurgeEnvironmentHandler>();
        services.TryAddSingleton<UseCases.Extend.ExtendEnvironmentHandler>();
        services.TryAddSingleton<UseCases.Retry.RetryEnvironmentHandler>();
        services.TryAddSingleton<UseCases.Approvals.DecideApprovalHandler>();
        services.TryAddSingleton<UseCases.Environments.RevealOutputsHandler>();
        services.TryAddSingleton<UseCases.Cancel.CancelRunHandler>();
    }
}
