using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// The commit/dispatch protocol for control messages: per instance, one episode and one commit for all its
/// messages of a batch; then send the outbox, delete it, and only then delete the triggering messages.
/// </summary>
internal sealed class ControlMessageProcessor(
    IOrchestrationBackend backend,
    EpisodePlanner planner,
    MessageDispatcher dispatcher,
    InstanceCache cache,
    EngineMetrics metrics,
    DurableTaskWorkerOptions options,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan ConflictReleaseDelay = TimeSpan.FromMilliseconds(500);
    private readonly InstanceLocks _locks = new();

    public async Task ProcessBatchAsync(IReadOnlyList<ReceivedMessage> messages, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<string, List<Inbound>>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var message in messages)
        {
            var body = MessageCodec.DecodeControl(message.Body);
            if (body is null || !InstanceIds.IsValid(body.InstanceId))
            {
                await ParkAsync(message, body?.InstanceId, "The message is not a valid control message.", cancellationToken).ConfigureAwait(false);
                await backend.DeleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (message.DequeueCount > options.MaxControlMessageDequeueCount)
            {
                var reason = $"Delivered {message.DequeueCount} times without being processed.";
                await ParkAsync(message, body.InstanceId, reason, cancellationToken).ConfigureAwait(false);
                body = new ControlMessage(body.InstanceId, null, [new HistoryEvent(HistoryEventKind.ExecutionAborted)
                {
                    Failure = new TaskFailureDetails("PoisonMessage", $"A control message for this instance was parked as poison: {reason} Message id: {message.MessageId}.", null, null),
                    DedupKey = DedupKeys.Poison(message.MessageId),
                }]);
            }
            else if (DueLater(body, now) is { } remaining)
            {
                // A long timer or scheduled start arrives in hops of at most 3 days; re-send the rest. A crash
                // between send and delete leaves two hops, and the timer's dedup key keeps only one firing.
                await dispatcher.SendAsync([Outbound.Control(body, backend.PartitionCount, remaining)], false, cancellationToken).ConfigureAwait(false);
                await backend.DeleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!groups.TryGetValue(body.InstanceId, out var group))
            {
                group = [];
                groups[body.InstanceId] = group;
            }

            group.Add(new Inbound(message, body));
        }

        await Task.WhenAll(groups.Select(g => ProcessInstanceGuardedAsync(g.Key, g.Value, cancellationToken))).ConfigureAwait(false);
    }

    private static TimeSpan? DueLater(ControlMessage body, DateTimeOffset now) =>
        body.Events is [{ Kind: HistoryEventKind.TimerFired or HistoryEventKind.ExecutionStarted, FireAt: { } due }] && due > now
            ? due - now
            : null;

    private async Task ProcessInstanceGuardedAsync(string instanceId, List<Inbound> items, CancellationToken cancellationToken)
    {
        try
        {
            using var _ = await _locks.AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false);
            await ProcessInstanceAsync(instanceId, items, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Treated like a crash: the messages stay hidden until their visibility timeout and come back,
            // and redelivery finishes whatever step was interrupted.
            cache.Remove(instanceId);
            if (!cancellationToken.IsCancellationRequested)
            {
                logger.InstanceProcessingFailed(instanceId, ex);
            }
        }
    }

    private async Task ProcessInstanceAsync(string instanceId, List<Inbound> items, CancellationToken cancellationToken)
    {
        var forceRead = false;
        for (var attempt = 1; ; attempt++)
        {
            var loaded = forceRead ? null : cache.Get(instanceId);
            var fromCache = loaded is not null;
            if (loaded is null)
            {
                var snapshot = await backend.ReadInstanceAsync(instanceId, includeHistory: true, cancellationToken).ConfigureAwait(false);
                loaded = snapshot is null ? null : LoadedInstance.FromSnapshot(snapshot);
                if (loaded is { PendingOutboxes.Count: > 0 })
                {
                    await SendPendingOutboxesAsync(instanceId, loaded.PendingOutboxes, cancellationToken).ConfigureAwait(false);
                }
            }

            var plan = planner.Plan(instanceId, loaded, items, time.GetUtcNow());
            if (plan.RequiresFreshState && fromCache)
            {
                forceRead = true;
                continue;
            }

            if (plan.Ignored > 0)
            {
                metrics.Ignored(plan.Ignored);
                logger.EventsIgnored(instanceId, plan.Ignored);
            }

            if (plan.Commit is null)
            {
                await dispatcher.SendAsync(plan.Unrecorded, false, cancellationToken).ConfigureAwait(false);
                await (plan.Release
                    ? ReleaseAsync(items, plan.ReleaseDelay, cancellationToken)
                    : DeleteAsync(items, cancellationToken)).ConfigureAwait(false);
                return;
            }

            var commit = plan.Commit;
            if (fromCache && loaded?.SentOutboxKey is { } sentKey)
            {
                commit = commit with { OutboxKeysToDelete = [sentKey] };
            }

            options.FaultInjector?.Invoke(ProtocolStep.BeforeCommit);
            var result = await backend.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                metrics.Conflicted();
                cache.Remove(instanceId);
                logger.CommitConflict(instanceId, attempt);
                if (attempt > options.MaxConflictRetries)
                {
                    logger.ConflictsExhausted(instanceId, attempt);
                    await ReleaseAsync(items, ConflictReleaseDelay, cancellationToken).ConfigureAwait(false);
                    return;
                }

                forceRead = true;
                continue;
            }

            metrics.Committed();
            var state = commit.State;
            var outbox = commit.NewOutbox;

            // A running instance's outbox is deleted by its next commit (one row more in that transaction instead of
            // one more request now). A finished or continued execution has no next commit here, so it deletes now.
            var deleteNow = outbox is not null && (EpisodePlanner.IsTerminal(state.RuntimeStatus) || plan.DeleteHistoryOf is not null);
            cache.Set(instanceId, LoadedInstance.AfterCommit(state, result.ETag!, plan.EventsAfter, deleteNow ? null : outbox?.Key));
            logger.EpisodeCommitted(instanceId, state.Episode, state.RuntimeStatus);
            if (EpisodePlanner.IsTerminal(state.RuntimeStatus))
            {
                logger.InstanceFinished(instanceId, state.RuntimeStatus);
            }

            options.FaultInjector?.Invoke(ProtocolStep.AfterCommit);
            await dispatcher.SendAsync(outbox is null ? plan.Unrecorded : [.. plan.Unrecorded, .. outbox.Messages], outbox is not null, cancellationToken).ConfigureAwait(false);

            // Everything is sent, so the clean-up deletes are independent of each other and run together: whichever
            // survives a crash is harmless (a left outbox is re-sent as duplicates, a left trigger is a duplicate).
            options.FaultInjector?.Invoke(ProtocolStep.BeforeOutboxDelete);
            var cleanup = new List<Task>();
            if (deleteNow)
            {
                cleanup.Add(backend.DeleteOutboxAsync(instanceId, outbox!.Key, cancellationToken));
            }

            if (plan.DeleteHistoryOf is { } previous)
            {
                cleanup.Add(backend.DeleteHistoryAsync(instanceId, previous, cancellationToken));
            }

            options.FaultInjector?.Invoke(ProtocolStep.BeforeMessageDelete);
            cleanup.Add(DeleteAsync(items, cancellationToken));
            await Task.WhenAll(cleanup).ConfigureAwait(false);
            return;
        }
    }

    private async Task SendPendingOutboxesAsync(string instanceId, IReadOnlyList<OutboxRecord> outboxes, CancellationToken cancellationToken)
    {
        foreach (var outbox in outboxes)
        {
            await dispatcher.SendAsync(outbox.Messages, false, cancellationToken).ConfigureAwait(false);
            await backend.DeleteOutboxAsync(instanceId, outbox.Key, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task DeleteAsync(List<Inbound> items, CancellationToken cancellationToken) =>
        Task.WhenAll(items.Select(i => backend.DeleteMessageAsync(i.Message, cancellationToken)));

    private async Task ReleaseAsync(List<Inbound> items, TimeSpan delay, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            try
            {
                await backend.UpdateVisibilityAsync(item.Message, delay, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The lease is gone: someone else holds the message now, which is what releasing wanted anyway.
                logger.LeaseRenewalFailed(item.Message.MessageId, ex);
            }
        }
    }

    private async Task ParkAsync(ReceivedMessage message, string? instanceId, string reason, CancellationToken cancellationToken)
    {
        metrics.Poisoned();
        logger.MessageParked(message.MessageId, message.Queue, message.DequeueCount, reason);
        await backend.StorePoisonMessageAsync(
            new PoisonMessageRecord(message.Queue + "-" + message.MessageId, message.Queue, message.Body, message.DequeueCount, time.GetUtcNow(), instanceId, reason),
            cancellationToken).ConfigureAwait(false);
    }
}
