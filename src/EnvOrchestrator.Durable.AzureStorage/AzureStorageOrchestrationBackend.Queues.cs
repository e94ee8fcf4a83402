using Azure;
using Azure.Storage.Queues.Models;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

public sealed partial class AzureStorageOrchestrationBackend
{
    /// <summary>Azure's cap on visibility; with an infinite time-to-live it is the only cap.</summary>
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    /// <summary>-1 second: the message never expires (Azure's default would drop it after 7 days).</summary>
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private static readonly TimeSpan MinReceiveVisibility = TimeSpan.FromSeconds(1);

    // A received message whose body lives in a blob carries the blob name after the pop receipt, so deleting it
    // can delete the blob without any state kept in this process. Pop receipts never contain this separator.
    private const char ReceiptSeparator = '|';

    public async Task SendMessageAsync(string queue, string body, TimeSpan visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        CheckVisibility(visibilityDelay, nameof(visibilityDelay));
        var client = _clients.Queue(queue);
        var text = QueueMessageCodec.TryEncodeInline(body);
        if (text is null)
        {
            var blob = PayloadBlobStore.NewName(PayloadBlobStore.MessagesPrefix(queue));
            await _blobs.UploadAsync([new PendingBlob(blob, body)], cancellationToken).ConfigureAwait(false);
            text = QueueMessageCodec.EncodeReference(blob);
        }

        await client.SendMessageAsync(text, WholeSeconds(visibilityDelay), NeverExpires, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        CheckVisibility(visibilityTimeout, nameof(visibilityTimeout));
        var client = _clients.Queue(queue);

        // Azure requires at least one second when receiving; a shorter timeout is applied by updating each message
        // right after (rare: tests and tools that look at messages without taking them).
        var shortTimeout = visibilityTimeout < MinReceiveVisibility;
        var response = await client.ReceiveMessagesAsync(maxMessages, shortTimeout ? MinReceiveVisibility : WholeSeconds(visibilityTimeout), cancellationToken).ConfigureAwait(false);
        if (response.Value.Length == 0)
        {
            return [];
        }

        var received = await Task.WhenAll(response.Value.Select(m => ToReceivedAsync(queue, m, cancellationToken))).ConfigureAwait(false);
        return shortTimeout
            ? await Task.WhenAll(received.Select(m => UpdateVisibilityAsync(m, visibilityTimeout, cancellationToken))).ConfigureAwait(false)
            : received;
    }

    /// <exception cref="InvalidOperationException">The lease was lost: the message was deleted or received again.</exception>
    public async Task<ReceivedMessage> UpdateVisibilityAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckVisibility(visibilityTimeout, nameof(visibilityTimeout));
        var (popReceipt, blob) = SplitReceipt(message.PopReceipt);
        try
        {
            var receipt = await _clients.Queue(message.Queue)
                .UpdateMessageAsync(message.MessageId, popReceipt, messageText: null, WholeSeconds(visibilityTimeout), cancellationToken)
                .ConfigureAwait(false);
            return message with { PopReceipt = JoinReceipt(receipt.Value.PopReceipt, blob) };
        }
        catch (RequestFailedException ex) when (IsLeaseLost(ex))
        {
            throw new InvalidOperationException($"Message {message.MessageId} in queue {message.Queue} was deleted or received again; its lease is lost.", ex);
        }
    }

    public async Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (popReceipt, blob) = SplitReceipt(message.PopReceipt);
        try
        {
            await _clients.Queue(message.Queue).DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsLeaseLost(ex))
        {
            // Already deleted, or redelivered to someone who will delete it (and its blob) in turn.
            return;
        }

        if (blob is not null)
        {
            await _blobs.DeleteQuietlyAsync([blob], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <remarks>
    /// A message this backend cannot read (foreign format, payload blob gone) is still returned, with its raw text as
    /// the body: the engine then fails to parse it and parks it through its poison path instead of this receive
    /// failing again and again.
    /// </remarks>
    private async Task<ReceivedMessage> ToReceivedAsync(string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        string body;
        string? blob = null;
        try
        {
            (var inline, blob) = QueueMessageCodec.Decode(message.MessageText);
            body = inline ?? await _blobs.DownloadAsync(blob!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FormatException || (ex is RequestFailedException { Status: 404 }))
        {
            Log.UnreadableMessage(_logger, queue, message.MessageId, ex);
            body = message.MessageText;
            blob = null;
        }

        return new ReceivedMessage(queue, message.MessageId, JoinReceipt(message.PopReceipt, blob), body, message.DequeueCount, message.InsertedOn);
    }

    private static string JoinReceipt(string popReceipt, string? blob) =>
        blob is null ? popReceipt : popReceipt + ReceiptSeparator + blob;

    private static (string PopReceipt, string? Blob) SplitReceipt(string receipt)
    {
        var at = receipt.IndexOf(ReceiptSeparator, StringComparison.Ordinal);
        return at < 0 ? (receipt, null) : (receipt[..at], receipt[(at + 1)..]);
    }

    private static bool IsLeaseLost(RequestFailedException ex) =>
        ex.Status == 404 || (ex.Status == 400 && ex.ErrorCode == QueueErrorCode.PopReceiptMismatch.ToString());

    /// <summary>
    /// The service counts visibility in whole seconds and the SDK truncates: a 1.5 s lease would become 1 s (leases
    /// renewed every 0.5 s get lost under load) and a timer due in 0.3 s would arrive at once and be re-sent in a
    /// busy loop until due. Rounding up keeps leases at least as long as asked and timers never early.
    /// </summary>
    private static TimeSpan WholeSeconds(TimeSpan value) =>
        TimeSpan.FromSeconds(Math.Min(Math.Ceiling(value.TotalSeconds), MaxVisibility.TotalSeconds));

    private static void CheckVisibility(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero || value > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(name, value, "Visibility must be between 0 and 7 days.");
        }
    }
}
