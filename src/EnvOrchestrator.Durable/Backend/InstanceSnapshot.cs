namespace EnvOrchestrator.Durable.Backend;

/// <summary>An instance as read from storage; <see cref="ETag"/> is the optimistic-concurrency token of its state row.</summary>
public sealed record InstanceSnapshot(
    InstanceStateRecord State,
    string ETag,
    IReadOnlyList<HistoryEpisode> History,
    IReadOnlyList<OutboxRecord> PendingOutboxes);

/// <summary>The history events appended by one commit of one execution, serialized by the engine.</summary>
public sealed record HistoryEpisode(string ExecutionId, int Episode, string EventsJson);

/// <summary>Messages a commit decided to send; deleted once they were all sent.</summary>
public sealed record OutboxRecord(string Key, IReadOnlyList<OutboundMessage> Messages);

/// <summary>A message to send to a logical queue, invisible for <see cref="VisibilityDelay"/>.</summary>
public sealed record OutboundMessage(string Queue, string Body, TimeSpan VisibilityDelay);
