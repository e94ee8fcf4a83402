namespace EnvOrchestrator.Durable.Backend;

/// <summary>
/// A queue message that a host other than our pollers took from the queue — the Azure Functions host's queue trigger
/// hands a custom handler the raw message text, its id, pop receipt and dequeue count.
/// </summary>
public sealed record DeliveredMessage(
    string Queue,
    string MessageId,
    string PopReceipt,
    string MessageText,
    long DequeueCount,
    DateTimeOffset? InsertedOn);
