namespace EnvOrchestrator.Durable.Backend;

/// <summary>One atomic write to an instance partition (one entity-group transaction on Azure Tables).</summary>
/// <param name="ExpectedETag">Null to insert a new state row; otherwise the ETag the stored row must still have.</param>
/// <param name="OutboxKeysToDelete">Outboxes already sent, deleted in the same transaction (keeps the total under 100 rows).</param>
public sealed record InstanceCommit(
    string InstanceId,
    string? ExpectedETag,
    InstanceStateRecord State,
    HistoryEpisode? NewEpisode,
    OutboxRecord? NewOutbox,
    IReadOnlyList<string> OutboxKeysToDelete);

/// <summary>The outcome of <see cref="IOrchestrationBackend.CommitAsync"/>.</summary>
public sealed record CommitResult(bool Succeeded, string? ETag)
{
    public static CommitResult Conflict { get; } = new(false, null);

    public static CommitResult Committed(string etag) => new(true, etag);
}

/// <summary>A page of instances and the token for the next page (null when this is the last).</summary>
public sealed record InstanceQueryPage(IReadOnlyList<InstanceStateRecord> Instances, string? ContinuationToken);
