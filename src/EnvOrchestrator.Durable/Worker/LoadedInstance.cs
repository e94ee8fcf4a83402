using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>An instance's state row and current-execution history, parsed and indexed for dedup.</summary>
internal sealed class LoadedInstance
{
    private LoadedInstance(InstanceStateRecord state, string etag, List<HistoryEvent> events, IReadOnlyList<OutboxRecord> outboxes)
    {
        State = state;
        ETag = etag;
        Events = events;
        PendingOutboxes = outboxes;
        foreach (var e in events)
        {
            Index(e);
        }
    }

    public InstanceStateRecord State { get; }

    public string ETag { get; }

    public IReadOnlyList<HistoryEvent> Events { get; }

    public IReadOnlyList<OutboxRecord> PendingOutboxes { get; }

    public HashSet<string> DedupKeys { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, HistoryEvent> Scheduled { get; } = [];

    public HashSet<int> Completed { get; } = [];

    public HistoryEvent? Started { get; private set; }

    public static LoadedInstance FromSnapshot(InstanceSnapshot snapshot) => new(
        snapshot.State,
        snapshot.ETag,
        snapshot.History.Where(h => h.ExecutionId == snapshot.State.ExecutionId).OrderBy(h => h.Episode)
            .SelectMany(h => HistoryCodec.Decode(h.EventsJson)).ToList(),
        snapshot.PendingOutboxes);

    /// <summary>An outbox this worker sent but left for its next commit to delete (saves a storage call per episode).</summary>
    public string? SentOutboxKey { get; private init; }

    public static LoadedInstance AfterCommit(InstanceStateRecord state, string etag, IEnumerable<HistoryEvent> events, string? sentOutboxKey) =>
        new(state, etag, events.ToList(), []) { SentOutboxKey = sentOutboxKey };

    private void Index(HistoryEvent e)
    {
        if (e.DedupKey is not null)
        {
            DedupKeys.Add(e.DedupKey);
        }

        if (e.IsScheduling)
        {
            Scheduled[e.TaskId] = e;
        }
        else if (e.IsCompletion)
        {
            Completed.Add(e.TaskId);
        }
        else if (e.Kind == HistoryEventKind.ExecutionStarted)
        {
            Started ??= e;
        }
    }
}
