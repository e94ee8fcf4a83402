using Azure.Identity;
using EnvOrchestrator.Api;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Hosting.Hosting;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Mcp;
using EnvOrchestrator.Portal;
using EnvOrchestrator.ResourceManager;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Storage;
using EnvOrchestrator.TaskHub;
using EnvOrchestrator.Telemetry;
using EnvOrchestrator.Terraform;
using EnvOrchestrator.Webhooks;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

namespace EnvOrchestrator.Hosting.Composition;

/// <summary>
/// Composes the building blocks into the service. Each block reads its own configuration section; the storage
/// connection of every block defaults to <c>AzureWebJobsStorage</c>, as a Functions app has one storage account —
/// except a block given endpoints (or an account name) of its own, which then uses <c>DefaultAzureCredential</c>: the
/// production way with shared keys off, where no connection string exists and the default would be the emulator.
/// </summary>
public static class ServiceComposition
{
    /// <summary>
    /// Under the Functions host the lifecycle's tasks are registered with this worker, not the default one: the Durable
    /// extension turns every task of the default registry into a function of its own, which would duplicate the app's
    /// explicit functions (those take the durable client binding the activities need).
    /// </summary>
    public const string FunctionsTaskWorkerName = "envorch-lifecycle";

    public static IServiceCollection AddEnvOrchestratorService(this IServiceCollection services, IConfiguration configuration, ServiceRuntime runtime = ServiceRuntime.SelfHosted)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var service = configuration.GetSection(ServiceOptions.SectionName).Get<ServiceOptions>() ?? new ServiceOptions();
        var storage = configuration[StorageEmulatorService.ConnectionKey] ?? "UseDevelopmentStorage=true";
        var stateBackendUrl = StateBackendAddress.Resolve(configuration, service.StateBackendUrl);

        services.AddProblemDetails();
        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.SectionName);
        services.AddSingleton<LoadedCatalogSource>();
        services.AddSingleton<ITemplateCatalogSource>(sp => sp.GetRequiredService<LoadedCatalogSource>());
        services.AddSingleton<CatalogRefresher>();
        services.AddSingleton<ICatalogRefresher>(sp => sp.GetRequiredService<CatalogRefresher>());

        // Before the lifecycle registers the workers: the start-up creates what they poll.
        services.AddHostedService<ServiceStartup>();
        services.AddHostedService<SecurityStartup>();
        services.AddHostedService<CatalogRefreshLoop>();

        // After both: its key-encryption key check needs the emulator up, and a missing login method is reported first.
        Secrets.SecretsServiceCollectionExtensions.AddEnvOrchestratorSecrets(services, o =>
        {
            configuration.GetSection(Secrets.SecretsOptions.SectionName).Bind(o);
            if (o.BlobEndpoint is null)
            {
                o.ConnectionString ??= storage;
            }

            o.AllowDevelopmentKey = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>()?.IsDevelopment == true;
        });

        if (runtime == ServiceRuntime.SelfHosted)
        {
            services.AddTaskHub(o =>
            {
                configuration.GetSection(TaskHubOptions.SectionName).Bind(o);
                if (string.IsNullOrEmpty(o.AccountName))
                {
                    o.ConnectionString ??= storage;
                }
            });
            services.AddDurableTaskWorker(builder => builder.UseAzureStorage());
            services.AddDurableTaskClient(builder => builder.UseAzureStorage());
        }

        services.AddEnvironmentStorage(o =>
        {
            configuration.GetSection(EnvironmentStorageOptions.SectionName).Bind(o);
            if (o.TableEndpoint is null && o.BlobEndpoint is null)
            {
                o.ConnectionString ??= storage;
            }
            else
            {
                o.Credential ??= new DefaultAzureCredential();
            }
        });
        services.AddTerraformRunner(o => configuration.GetSection(TerraformRunnerOptions.SectionName).Bind(o));
        services.AddTerraformStateBackend(o =>
        {
            configuration.GetSection(TerraformStateBackendOptions.SectionName).Bind(o);
            if (o.BlobEndpoint is null)
            {
                o.BlobConnectionString ??= storage;
            }
        });
        var taskWorker = runtime == ServiceRuntime.SelfHosted ? Microsoft.Extensions.Options.Options.DefaultName : FunctionsTaskWorkerName;
        services.AddEnvironmentLifecycle(
            o =>
            {
                configuration.GetSection(EnvironmentLifecycleOptions.SectionName).Bind(o);
                o.StateBackendUrl = stateBackendUrl;

                // Under the Functions host the sweep is a timer trigger: one schedule for the whole app, not one per instance.
                o.SweepInProcess &= runtime == ServiceRuntime.SelfHosted;
            },
            taskWorker);
        services.AddWebhooks(o => configuration.GetSection(WebhookOptions.SectionName).Bind(o));
        services.AddArmResourceGroups(configuration.GetSection(ResourceGroupsOptions.SectionName).Get<ResourceGroupsOptions>() ?? new ResourceGroupsOptions());
        services.Configure<Lifecycle.Webhooks.WebhookSubscriptionOptions>(configuration.GetSection(Lifecycle.Webhooks.WebhookSubscriptionOptions.SectionName));
        services.AddEnvOrchestratorTelemetry(configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions());
        services.AddEnvOrchestratorApi(
            o => configuration.GetSection(EnvOrchestratorApiOptions.SectionName).Bind(o),
            o => configuration.GetSection(SecurityOptions.SectionName).Bind(o));
        services.AddEnvOrchestratorMcp();

        return services;
    }

    /// <summary>
    /// The request pipeline of both hosts, endpoints included: the self-hosted service runs it as its web application,
    /// the Functions app behind its one HTTP function. One definition, so both answer every route alike.
    /// </summary>
    public static IApplicationBuilder UseEnvOrchestratorService(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseEnvOrchestratorSecurityHeaders();
        app.UseRouting();
        app.UseAuthentication();
        if (app.ApplicationServices.GetService<Microsoft.AspNetCore.Authorization.IAuthorizationHandlerProvider>() is not null)
        {
            app.UseAuthorization();
        }

        app.UseEndpoints(endpoints =>
        {
            endpoints.MapHealth();
            endpoints.MapTerraformStateBackend(StateBackendAddress.Prefix).WithTerraformStateOpenApi();
            endpoints.MapEnvOrchestratorApi();
            endpoints.MapEnvOrchestratorApiReference();
            endpoints.MapEnvOrchestratorMcp();
            endpoints.MapEnvOrchestratorPortal();
        });
        return app;
    }
}
