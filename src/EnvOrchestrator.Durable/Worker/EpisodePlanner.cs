using System.Globalization;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;
using EnvOrchestrator.Durable.Replay;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// Decides, without touching storage, what a batch of control messages does to one instance: which events are
/// new (dedup against history), whether to start, run, stop or restart an execution, and what to commit and send.
/// </summary>
internal sealed class EpisodePlanner(
    DurableTaskRegistry registry,
    IServiceProvider services,
    DurableTaskWorkerOptions options,
    int partitionCount,
    ILoggerFactory loggerFactory)
{
    public const string OrchestratorNotFound = "OrchestratorNotFound";
    private static readonly TimeSpan DeferDelay = TimeSpan.FromSeconds(1);

    public EpisodePlan Plan(string instanceId, LoadedInstance? loaded, IReadOnlyList<Inbound> items, DateTimeOffset now)
    {
        var all = items.SelectMany(i => i.Body.Events.Select(e => new Flat(i.Body.ExecutionId, e))).ToList();
        var starts = all.Where(f => f.Event.Kind == HistoryEventKind.ExecutionStarted && f.ExecutionId is not null).ToList();

        if (loaded is null)
        {
            if (starts.Count > 0)
            {
                return NewExecution(instanceId, starts[0], all, null, null, null, now);
            }

            // Only a poison marker for an instance that never existed: nothing to fail.
            return all.All(f => f.Event.Kind == HistoryEventKind.ExecutionAborted)
                ? EpisodePlan.Delete(all.Count, requiresFreshState: true)
                : EpisodePlan.Defer(DeferDelay);
        }

        var state = loaded.State;
        if (IsTerminal(state.RuntimeStatus))
        {
            var restart = starts
                .Where(s => s.ExecutionId != state.ExecutionId && (s.Event.Timestamp ?? DateTimeOffset.MinValue) > state.CreatedAt)
                .MaxBy(s => s.Event.Timestamp);
            return restart is not null
                ? NewExecution(instanceId, restart, all, loaded.ETag, state.ExecutionId, null, now)
                : EpisodePlan.Delete(all.Count, requiresFreshState: true);
        }

        if (state.Episode == 0)
        {
            var startCurrent = starts.FirstOrDefault(s => s.ExecutionId == state.ExecutionId);
            if (startCurrent is not null)
            {
                return NewExecution(instanceId, startCurrent, all, loaded.ETag, null, state, now);
            }

            var stop = all.FirstOrDefault(f => f.Event.Kind is HistoryEventKind.ExecutionTerminated or HistoryEventKind.ExecutionAborted);
            if (stop is not null)
            {
                return Episode(instanceId, state, loaded.ETag, [], [stop.Event], [], null, all.Count - 1, now);
            }

            var untilStart = state.ScheduledStartAt is { } at && at > now ? at - now : DeferDelay;
            return EpisodePlan.Defer(untilStart < TimeSpan.FromMinutes(1) ? untilStart : TimeSpan.FromMinutes(1));
        }

        return Running(instanceId, loaded, all, now);
    }

    private EpisodePlan Running(string instanceId, LoadedInstance loaded, List<Flat> all, DateTimeOffset now)
    {
        var state = loaded.State;
        var accepted = new List<HistoryEvent>();
        var rejections = new List<OutboundMessage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ignored = 0;
        var needsFresh = false;
        foreach (var (executionId, e) in all)
        {
            if (e.Kind == HistoryEventKind.ExecutionStarted)
            {
                ignored++;
                if (executionId != state.ExecutionId)
                {
                    needsFresh = true;
                    if (e.Parent is { } parent && !loaded.DedupKeys.Contains(e.DedupKey ?? string.Empty))
                    {
                        rejections.Add(Outbound.ToParent(parent, OrchestrationRuntimeStatus.Failed, null,
                            new TaskFailureDetails("InstanceAlreadyExists",
                                $"Instance '{instanceId}' is already {state.RuntimeStatus}; the sub-orchestration was not started.", null, null),
                            partitionCount));
                    }
                }

                continue;
            }

            if (executionId is not null && executionId != state.ExecutionId)
            {
                ignored++;
                needsFresh = true;
                continue;
            }

            if (e.DedupKey is not null && (loaded.DedupKeys.Contains(e.DedupKey) || !seen.Add(e.DedupKey)))
            {
                ignored++;
                continue;
            }

            if (e.ScheduledKind is { } scheduledKind)
            {
                if (!loaded.Scheduled.TryGetValue(e.TaskId, out var scheduled) || scheduled.Kind != scheduledKind)
                {
                    ignored++;
                    needsFresh = true;
                    continue;
                }

                if (loaded.Completed.Contains(e.TaskId))
                {
                    ignored++;
                    continue;
                }
            }

            accepted.Add(e);
        }

        if (accepted.Count == 0)
        {
            return EpisodePlan.Delete(ignored, needsFresh, rejections);
        }

        return Episode(instanceId, state, loaded.ETag, loaded.Events, accepted, rejections, null, ignored, now);
    }

    private EpisodePlan NewExecution(
        string instanceId,
        Flat start,
        List<Flat> all,
        string? expectedETag,
        string? previousExecution,
        InstanceStateRecord? pendingState,
        DateTimeOffset now)
    {
        var executionId = start.ExecutionId!;
        var started = start.Event;
        var state = new InstanceStateRecord
        {
            InstanceId = instanceId,
            Name = started.Name ?? string.Empty,
            ExecutionId = executionId,
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            CreatedAt = pendingState?.CreatedAt ?? started.Timestamp ?? now,
            LastUpdatedAt = now,
            ScheduledStartAt = started.FireAt,
            Input = started.Payload,
            ParentInstanceId = started.Parent?.InstanceId,
            Episode = 0,
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inbound = new List<HistoryEvent> { started };
        foreach (var (eventExecution, e) in all)
        {
            var belongs = e.Kind is HistoryEventKind.EventRaised or HistoryEventKind.ExecutionTerminated
                or HistoryEventKind.ExecutionAborted or HistoryEventKind.ExecutionSuspended or HistoryEventKind.ExecutionResumed;
            if (belongs && (eventExecution is null || eventExecution == executionId) && (e.DedupKey is null || seen.Add(e.DedupKey)))
            {
                inbound.Add(e);
            }
        }

        return Episode(instanceId, state, expectedETag, [], inbound, [], previousExecution, all.Count - inbound.Count, now);
    }

    private EpisodePlan Episode(
        string instanceId,
        InstanceStateRecord state,
        string? expectedETag,
        IReadOnlyList<HistoryEvent> recorded,
        IReadOnlyList<HistoryEvent> inbound,
        List<OutboundMessage> outbound,
        string? previousExecution,
        int ignored,
        DateTimeOffset now)
    {
        var executionId = state.ExecutionId;
        var started = recorded.Concat(inbound).FirstOrDefault(e => e.Kind == HistoryEventKind.ExecutionStarted);
        var episodeEvents = new List<HistoryEvent> { new(HistoryEventKind.OrchestratorStarted) { Timestamp = now } };
        var stop = inbound.FirstOrDefault(e => e.Kind is HistoryEventKind.ExecutionTerminated or HistoryEventKind.ExecutionAborted);
        ExecutionOutcome outcome;
        if (stop is not null)
        {
            episodeEvents.Add(stop);
            outcome = stop.Kind == HistoryEventKind.ExecutionTerminated
                ? new ExecutionOutcome([], OrchestrationRuntimeStatus.Terminated, stop.Payload, null, null, state.CustomStatus, false)
                : new ExecutionOutcome([], OrchestrationRuntimeStatus.Failed, null, stop.Failure, null, state.CustomStatus, false);
        }
        else
        {
            episodeEvents.AddRange(inbound);
            var orchestrator = started is null ? null : registry.CreateOrchestrator(state.Name, services);
            outcome = orchestrator is null
                ? new ExecutionOutcome([], OrchestrationRuntimeStatus.Failed, null,
                    new TaskFailureDetails(OrchestratorNotFound, $"No orchestrator named '{state.Name}' is registered with this worker.", null, null),
                    null, state.CustomStatus, false)
                : OrchestrationExecutor.Execute(orchestrator, instanceId, executionId, recorded, episodeEvents, loggerFactory);
        }

        episodeEvents.AddRange(outcome.Actions);
        outbound.AddRange(Outbound.ForActions(instanceId, executionId, state.Name, outcome.Actions, now, partitionCount, options.MaxActivitiesPerWorkItem));
        var episode = state.Episode + 1;
        var outboxKey = string.Create(CultureInfo.InvariantCulture, $"{executionId}:{episode:D8}");

        if (outcome.ContinueAsNew is { } next)
        {
            var nextExecution = DeterministicGuid.Create(outboxKey + "|continue").ToString("N");
            var startNext = new HistoryEvent(HistoryEventKind.ExecutionStarted)
            {
                Name = state.Name,
                Payload = next.Input,
                Parent = started?.Parent,
                Timestamp = now,
                DedupKey = DedupKeys.Start(nextExecution),
            };
            outbound.Add(Outbound.Control(new ControlMessage(instanceId, nextExecution, [startNext, .. next.CarriedEvents]), partitionCount, TimeSpan.Zero));
            var continued = state with
            {
                ExecutionId = nextExecution,
                Episode = 0,
                RuntimeStatus = OrchestrationRuntimeStatus.Running,
                Input = next.Input,
                Output = null,
                FailureDetails = null,
                CustomStatus = outcome.CustomStatus,
                IsSuspended = false,
                LastUpdatedAt = now,
            };
            return new EpisodePlan
            {
                Commit = new InstanceCommit(instanceId, expectedETag, continued, null, new OutboxRecord(outboxKey, outbound), []),
                DeleteHistoryOf = executionId,
                Ignored = ignored,
            };
        }

        var status = outcome.FinalStatus ?? (outcome.IsSuspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running);
        if (outcome.FinalStatus is { } final)
        {
            episodeEvents.Add(new HistoryEvent(HistoryEventKind.ExecutionCompleted)
            {
                Name = final.ToString(),
                Payload = outcome.Output,
                Failure = outcome.Failure,
            });
            if (started?.Parent is { } parent)
            {
                outbound.Add(Outbound.ToParent(parent, final, outcome.Output, outcome.Failure, partitionCount));
            }
        }

        var newState = state with
        {
            RuntimeStatus = status,
            LastUpdatedAt = now,
            Output = outcome.Output,
            FailureDetails = outcome.Failure is null ? null : JsonPayload.Serialize(outcome.Failure),
            CustomStatus = outcome.CustomStatus,
            IsSuspended = status == OrchestrationRuntimeStatus.Suspended,
            Episode = episode,
        };
        return new EpisodePlan
        {
            Commit = new InstanceCommit(
                instanceId,
                expectedETag,
                newState,
                new HistoryEpisode(executionId, episode, HistoryCodec.Encode(episodeEvents)),
                outbound.Count == 0 ? null : new OutboxRecord(outboxKey, outbound),
                []),
            EventsAfter = [.. recorded, .. episodeEvents],
            DeleteHistoryOf = previousExecution,
            Ignored = ignored,
        };
    }

    internal static bool IsTerminal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    private sealed record Flat(string? ExecutionId, HistoryEvent Event);
}
