using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Webhooks.Tests.Support;

/// <summary>One service instance's webhook parts (outbox, subscriptions, sender) on a given store, with fake time.</summary>
internal sealed class WebhookServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private WebhookServices(ServiceProvider provider) => _provider = provider;

    public static readonly ProjectName Project = ProjectName.Parse("team-a");

    public IEnvironmentEventSink Outbox => _provider.GetRequiredService<IEnvironmentEventSink>();

    public WebhookSender Sender => _provider.GetRequiredService<WebhookSender>();

    public IWebhookStore Store => _provider.GetRequiredService<IWebhookStore>();

    /// <summary>
    /// On <paramref name="store"/> (shared by instances), or on the Azurite tables of <paramref name="tablePrefix"/> with
    /// <paramref name="protector"/> (instances of one service share its key ring).
    /// </summary>
    public static async Task<WebhookServices> CreateAsync(
        FakeTimeProvider time, IWebhookStore? store = null, string? connectionString = null, string? tablePrefix = null, Action<WebhookOptions>? configure = null, ISecretProtector? protector = null)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(time);
        if (store is not null)
        {
            services.AddSingleton(store);
        }
        else if (connectionString is not null)
        {
            services.AddSingleton(protector ?? new InMemorySecretProtector());
            services.AddEnvironmentStorage(o =>
            {
                o.ConnectionString = connectionString;
                o.TablePrefix = tablePrefix!;
            });
        }

        services.AddWebhooks(o =>
        {
            o.RequestTimeout = TimeSpan.FromSeconds(2);
            o.RetryBaseDelay = TimeSpan.FromSeconds(5);
            o.MaxAttempts = 4;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        if (connectionString is not null)
        {
            await provider.GetRequiredService<EnvironmentStorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        }

        return new WebhookServices(provider);
    }

    public async Task<WebhookSubscription> SubscribeAsync(Uri url, string[]? events = null, string? format = null)
    {
        var subscription = new WebhookSubscription(
            "wh" + Guid.NewGuid().ToString("N")[..16],
            Project,
            url,
            [.. events ?? []],
            format == "slack" ? WebhookFormat.Slack : format == "teams" ? WebhookFormat.Teams : WebhookFormat.CloudEvents,
            WebhookSignature.NewSecret(),
            "alice",
            TimeProvider.System.GetUtcNow());
        Assert.True((await Store.AddSubscriptionAsync(subscription, CancellationToken.None)).Succeeded);
        return subscription;
    }

    public Task<System.Collections.Immutable.ImmutableArray<WebhookDelivery>> DeliveriesAsync(WebhookSubscription subscription) =>
        Store.ListDeliveriesAsync(Project, subscription.Id, 100, CancellationToken.None);

    public static EnvironmentEvent Event(string id, EnvironmentEventType type, DateTimeOffset at) =>
        new(id, type, Project.Value, "web-1", at, type.ToString(), "run-1", "alice", null);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
