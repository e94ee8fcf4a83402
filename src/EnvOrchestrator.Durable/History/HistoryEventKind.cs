namespace EnvOrchestrator.Durable.History;

/// <summary>What a history event records. Scheduling kinds carry the sequence id the code used.</summary>
internal enum HistoryEventKind
{
    OrchestratorStarted,
    ExecutionStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    EventSent,
    EventRaised,
    SubOrchestrationCreated,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    ExecutionCompleted,
    ExecutionTerminated,
    ExecutionAborted,
    ExecutionSuspended,
    ExecutionResumed,
    ContinuedAsNew,
}
