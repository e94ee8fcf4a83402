using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>Sends messages concurrently and wakes local pollers of the target queues.</summary>
internal sealed class MessageDispatcher(IOrchestrationBackend backend, WorkSignal signal, Action<ProtocolStep>? faultInjector)
{
    public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, bool isOutbox, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await SendOneAsync(messages[0], cancellationToken).ConfigureAwait(false);
        if (isOutbox)
        {
            faultInjector?.Invoke(ProtocolStep.MidDispatch);
        }

        if (messages.Count > 1)
        {
            await Task.WhenAll(messages.Skip(1).Select(m => SendOneAsync(m, cancellationToken))).ConfigureAwait(false);
        }
    }

    private async Task SendOneAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        await backend.SendMessageAsync(message.Queue, message.Body, message.VisibilityDelay, cancellationToken).ConfigureAwait(false);
        if (message.VisibilityDelay == TimeSpan.Zero)
        {
            signal.Notify(message.Queue);
        }
    }
}
