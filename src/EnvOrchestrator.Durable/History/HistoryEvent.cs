namespace EnvOrchestrator.Durable.History;

/// <summary>
/// One history event. A single flat record (rather than a type hierarchy) keeps the JSON small and the
/// wire format trivially versionable; unused fields are omitted when serialized.
/// </summary>
internal sealed record HistoryEvent(HistoryEventKind Kind)
{
    /// <summary>Sequence id for scheduling kinds and their completions; -1 otherwise.</summary>
    public int TaskId { get; init; } = -1;

    /// <summary>Activity, orchestrator, timer or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Serialized input, result or event payload.</summary>
    public string? Payload { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    /// <summary>OrchestratorStarted: episode time; ExecutionStarted: creation time.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>TimerCreated/TimerFired: due time; ExecutionStarted: scheduled start.</summary>
    public DateTimeOffset? FireAt { get; init; }

    /// <summary>Target of EventSent / SubOrchestrationCreated.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Set on ExecutionStarted of a sub-orchestration.</summary>
    public ParentReference? Parent { get; init; }

    /// <summary>Identifies the message that brought this event, so redeliveries are recognised.</summary>
    public string? DedupKey { get; init; }

    public bool IsCompletion => Kind is HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed
        or HistoryEventKind.TimerFired or HistoryEventKind.SubOrchestrationCompleted
        or HistoryEventKind.SubOrchestrationFailed;

    public bool IsScheduling => Kind is HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated
        or HistoryEventKind.SubOrchestrationCreated or HistoryEventKind.EventSent;

    /// <summary>The scheduling kind a completion answers.</summary>
    public HistoryEventKind? ScheduledKind => Kind switch
    {
        HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed => HistoryEventKind.TaskScheduled,
        HistoryEventKind.TimerFired => HistoryEventKind.TimerCreated,
        HistoryEventKind.SubOrchestrationCompleted or HistoryEventKind.SubOrchestrationFailed => HistoryEventKind.SubOrchestrationCreated,
        _ => null,
    };
}

/// <summary>Where a sub-orchestration reports its outcome.</summary>
internal sealed record ParentReference(string Name, string InstanceId, string ExecutionId, int TaskId);
