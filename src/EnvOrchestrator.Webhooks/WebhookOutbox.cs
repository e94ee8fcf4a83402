using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;

namespace EnvOrchestrator.Webhooks;

/// <summary>
/// The lifecycle's event sink: one delivery per subscription of the project that wants the event, stored before the
/// call returns, so nothing published is lost to a restart; <see cref="WebhookSender"/> sends them later.
/// </summary>
internal sealed class WebhookOutbox(IWebhookStore store, TimeProvider time) : IEnvironmentEventSink
{
    public async Task PublishAsync(EnvironmentEvent environmentEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environmentEvent);
        if (!ProjectName.TryParse(environmentEvent.Project, out var project))
        {
            return;
        }

        var subscriptions = await store.ListSubscriptionsAsync(project, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var deliveries = subscriptions.Where(s => s.Wants(environmentEvent.TypeName)).Select(s => WebhookDelivery.For(s, environmentEvent, now)).ToList();
        if (deliveries.Count > 0)
        {
            await store.EnqueueAsync(deliveries, cancellationToken).ConfigureAwait(false);
        }
    }
}
