namespace EnvOrchestrator.Durable.Backend;

/// <summary>A message taken from a queue; <see cref="PopReceipt"/> proves the lease for update and delete.</summary>
public sealed record ReceivedMessage(
    string Queue,
    string MessageId,
    string PopReceipt,
    string Body,
    long DequeueCount,
    DateTimeOffset? InsertedOn);

/// <summary>A message parked after too many deliveries, kept for inspection and re-drive.</summary>
public sealed record PoisonMessageRecord(
    string Id,
    string Queue,
    string Body,
    long DequeueCount,
    DateTimeOffset ParkedAt,
    string? InstanceId,
    string Reason);
