using System.Globalization;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;
using EnvOrchestrator.Durable.Replay;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>Turns an episode's decisions into the messages its outbox must send.</summary>
internal static class Outbound
{
    /// <summary>Longest single queue hop of a timer; longer timers re-send themselves (queues cap visibility at 7 days).</summary>
    public static readonly TimeSpan MaxTimerHop = TimeSpan.FromDays(3);

    public static OutboundMessage Control(ControlMessage message, int partitionCount, TimeSpan delay) =>
        new(QueueNames.ControlFor(message.InstanceId, partitionCount), MessageCodec.Encode(message), Clamp(delay));

    public static TimeSpan Clamp(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > MaxTimerHop ? MaxTimerHop : delay;

    public static string ChildExecutionId(string instanceId, string executionId, int taskId) =>
        DeterministicGuid.Create(string.Create(CultureInfo.InvariantCulture, $"{instanceId}|{executionId}|sub|{taskId}")).ToString("N");

    public static List<OutboundMessage> ForActions(
        string instanceId,
        string executionId,
        string orchestratorName,
        IReadOnlyList<HistoryEvent> actions,
        DateTimeOffset now,
        int partitionCount,
        int maxActivitiesPerWorkItem)
    {
        var messages = new List<OutboundMessage>();
        var activities = new List<ActivityInvocation>();
        var activityChars = 0;
        foreach (var action in actions)
        {
            switch (action.Kind)
            {
                case HistoryEventKind.TaskScheduled:
                    var size = (action.Payload?.Length ?? 0) + (action.Name?.Length ?? 0) + 32;
                    if (activities.Count > 0 && (activities.Count >= maxActivitiesPerWorkItem || activityChars + size > MessageCodec.MaxBatchChars))
                    {
                        messages.Add(WorkItem(instanceId, executionId, activities));
                        activities = [];
                        activityChars = 0;
                    }

                    activities.Add(new ActivityInvocation(action.TaskId, action.Name!, action.Payload));
                    activityChars += size;
                    break;
                case HistoryEventKind.TimerCreated:
                    messages.Add(Control(
                        new ControlMessage(instanceId, executionId, [new HistoryEvent(HistoryEventKind.TimerFired)
                        {
                            TaskId = action.TaskId,
                            FireAt = action.FireAt,
                            DedupKey = DedupKeys.Timer(executionId, action.TaskId),
                        }]),
                        partitionCount,
                        (action.FireAt ?? now) - now));
                    break;
                case HistoryEventKind.SubOrchestrationCreated:
                    var childExecution = ChildExecutionId(instanceId, executionId, action.TaskId);
                    messages.Add(Control(
                        new ControlMessage(action.InstanceId!, childExecution, [new HistoryEvent(HistoryEventKind.ExecutionStarted)
                        {
                            Name = action.Name,
                            Payload = action.Payload,
                            Timestamp = now,
                            Parent = new ParentReference(orchestratorName, instanceId, executionId, action.TaskId),
                            DedupKey = DedupKeys.Start(childExecution),
                        }]),
                        partitionCount,
                        TimeSpan.Zero));
                    break;
                case HistoryEventKind.EventSent:
                    messages.Add(Control(
                        new ControlMessage(action.InstanceId!, null, [new HistoryEvent(HistoryEventKind.EventRaised)
                        {
                            Name = action.Name,
                            Payload = action.Payload,
                            DedupKey = DedupKeys.SentEvent(instanceId, executionId, action.TaskId),
                        }]),
                        partitionCount,
                        TimeSpan.Zero));
                    break;
                default:
                    break;
            }
        }

        if (activities.Count > 0)
        {
            messages.Add(WorkItem(instanceId, executionId, activities));
        }

        return messages;
    }

    public static OutboundMessage ToParent(ParentReference parent, OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure, int partitionCount)
    {
        var completion = status == OrchestrationRuntimeStatus.Completed
            ? new HistoryEvent(HistoryEventKind.SubOrchestrationCompleted) { Payload = output }
            : new HistoryEvent(HistoryEventKind.SubOrchestrationFailed)
            {
                Failure = failure ?? new TaskFailureDetails(status.ToString(), $"The sub-orchestration ended as {status}.", null, null),
            };
        return Control(
            new ControlMessage(parent.InstanceId, parent.ExecutionId, [completion with
            {
                TaskId = parent.TaskId,
                DedupKey = DedupKeys.SubOrchestration(parent.ExecutionId, parent.TaskId),
            }]),
            partitionCount,
            TimeSpan.Zero);
    }

    private static OutboundMessage WorkItem(string instanceId, string executionId, List<ActivityInvocation> activities) =>
        new(QueueNames.WorkItems, MessageCodec.Encode(new WorkItemMessage(instanceId, executionId, activities)), TimeSpan.Zero);
}
