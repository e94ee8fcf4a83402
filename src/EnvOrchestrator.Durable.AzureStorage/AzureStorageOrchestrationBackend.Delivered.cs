using Azure.Storage.Queues.Models;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationBackend
{
    /// <summary>
    /// The Functions host passes the raw queue text; decode it exactly as a message this backend received itself, so
    /// an offloaded body is fetched and the delete that follows removes its blob too.
    /// </summary>
    public Task<ReceivedMessage> AcceptDeliveredMessageAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var raw = QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, message.MessageText, message.DequeueCount, insertedOn: message.InsertedOn);
        return ToReceivedAsync(message.Queue, raw, cancellationToken);
    }
}
