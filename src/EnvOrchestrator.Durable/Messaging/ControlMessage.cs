using EnvOrchestrator.Durable.History;

namespace EnvOrchestrator.Durable.Messaging;

/// <summary>
/// A message on an instance's control queue. It carries one or more inbound history events (several when an
/// activity batch reports all its results at once), each with its own dedup key.
/// </summary>
/// <param name="ExecutionId">The execution the events belong to; null for client messages aimed at whatever runs now.</param>
internal sealed record ControlMessage(string InstanceId, string? ExecutionId, IReadOnlyList<HistoryEvent> Events);

/// <summary>A message on the work-item queue: activity invocations of one instance, run together.</summary>
internal sealed record WorkItemMessage(string InstanceId, string ExecutionId, IReadOnlyList<ActivityInvocation> Activities);

internal sealed record ActivityInvocation(int TaskId, string Name, string? Input);
