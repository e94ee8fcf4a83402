namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// Someone asked the run to stop. Stored on the run before the cancel event is raised, so that a run whose
/// orchestration had not started yet (the event may then be dropped) reads it when it starts.
/// </summary>
public sealed record RunCancelRequest(string By, DateTimeOffset At);
