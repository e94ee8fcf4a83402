using EnvOrchestrator.Durable.History;

namespace EnvOrchestrator.Durable.Replay;

/// <summary>What one episode of orchestration code decided.</summary>
/// <param name="Actions">Newly scheduled events (not yet in history), in scheduling order.</param>
/// <param name="FinalStatus">Completed or Failed when the execution ended; null while it keeps running.</param>
internal sealed record ExecutionOutcome(
    IReadOnlyList<HistoryEvent> Actions,
    OrchestrationRuntimeStatus? FinalStatus,
    string? Output,
    TaskFailureDetails? Failure,
    ContinueAsNewRequest? ContinueAsNew,
    string? CustomStatus,
    bool IsSuspended);

/// <summary>ContinueAsNew: the next execution's input and the events it inherits.</summary>
internal sealed record ContinueAsNewRequest(string? Input, IReadOnlyList<HistoryEvent> CarriedEvents, bool PreserveUnprocessedEvents);
