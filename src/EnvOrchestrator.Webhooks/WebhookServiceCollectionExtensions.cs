using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Core.Webhooks.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Webhooks: the lifecycle's events go to the outbox (replacing the null sink), a background sender delivers them.
    /// Call after the storage registration, whose <see cref="IWebhookStore"/> wins over the in-memory one added here.
    /// Calling it again only adds settings.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, Action<WebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WebhookOptions>().Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(WebhookSender)))
        {
            // Registered already (by the API, say): this call only adds its settings.
            return services;
        }

        options
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero, "Webhooks:PollInterval and Webhooks:RequestTimeout must be positive.")
            .Validate(o => o.MaxAttempts >= 1, "Webhooks:MaxAttempts must be at least 1.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Webhooks:RetryBaseDelay must be positive and not above Webhooks:RetryMaxDelay.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookStore, InMemoryWebhookStore>();
        services.Replace(ServiceDescriptor.Singleton<IEnvironmentEventSink, WebhookOutbox>());
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.DefaultRequestHeaders.UserAgent.ParseAdd("EnvOrchestrator-Webhooks/1.0"))

            // A receiver cannot bounce the request elsewhere (an internal address the subscriber could not name).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        return services;
    }
}
