using System.Runtime.CompilerServices;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;
using EnvOrchestrator.Durable.Worker;

namespace EnvOrchestrator.Durable;

/// <summary>Starts, queries and controls orchestration instances (same members as Microsoft.DurableTask's client).</summary>
public sealed class DurableTaskClient
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromMilliseconds(100);

    private readonly IOrchestrationBackend _backend;
    private readonly TimeProvider _time;
    private readonly WorkSignal _signal;
    private readonly Action<ProtocolStep>? _faultInjector;

    internal DurableTaskClient(IOrchestrationBackend backend, TimeProvider time, WorkSignal signal, Action<ProtocolStep>? faultInjector = null)
    {
        _backend = backend;
        _time = time;
        _signal = signal;
        _faultInjector = faultInjector;
    }

    /// <summary>
    /// Starts an instance. The start message is sent before the state row is written, so a crash in between
    /// still starts the instance (the worker creates the row); the reverse order could leave a Pending row forever.
    /// </summary>
    /// <exception cref="ArgumentException">The name or instance id is invalid, or the input cannot be serialized.</exception>
    /// <exception cref="InvalidOperationException">An instance with this id exists and has not finished.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId, nameof(options));
        var payload = JsonPayload.SerializeArgument(input, nameof(input));

        var existing = await _backend.ReadInstanceAsync(instanceId, includeHistory: false, cancellationToken).ConfigureAwait(false);
        if (existing is not null && !IsTerminal(existing.State.RuntimeStatus))
        {
            throw new InvalidOperationException($"Instance '{instanceId}' already exists and is {existing.State.RuntimeStatus}.");
        }

        var now = _time.GetUtcNow();
        var executionId = Guid.NewGuid().ToString("N");
        var startAt = options?.StartAt is { } at && at > now ? at : (DateTimeOffset?)null;
        var start = new ControlMessage(instanceId, executionId, [new HistoryEvent(HistoryEventKind.ExecutionStarted)
        {
            Name = orchestratorName,
            Payload = payload,
            Timestamp = now,
            FireAt = startAt,
            DedupKey = DedupKeys.Start(executionId),
        }]);
        await SendAsync(start, startAt is null ? TimeSpan.Zero : startAt.Value - now, cancellationToken).ConfigureAwait(false);
        _faultInjector?.Invoke(ProtocolStep.ClientAfterEnqueue);

        var state = new InstanceStateRecord
        {
            InstanceId = instanceId,
            Name = orchestratorName,
            ExecutionId = executionId,
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = startAt,
            Input = payload,
        };
        var result = await _backend.CommitAsync(new InstanceCommit(instanceId, existing?.ETag, state, null, null, []), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // Either a worker already created the row from our start message (fine), or someone else won.
            var current = await _backend.ReadInstanceAsync(instanceId, includeHistory: false, cancellationToken).ConfigureAwait(false);
            if (current?.State.ExecutionId != executionId)
            {
                throw new InvalidOperationException($"Instance '{instanceId}' was started concurrently by another caller.");
            }
        }

        return instanceId;
    }

    /// <returns>Null when the instance does not exist.</returns>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var snapshot = await _backend.ReadInstanceAsync(instanceId, includeHistory: false, cancellationToken).ConfigureAwait(false);
        return snapshot is null ? null : OrchestrationMetadata.From(snapshot.State, getInputsAndOutputs);
    }

    /// <summary>Every instance matching <paramref name="query"/>, fetched page by page.</summary>
    public async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(
        OrchestrationQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        do
        {
            var page = await GetInstancesPageAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var instance in page.Instances)
            {
                yield return instance;
            }

            query = page.ContinuationToken is null ? null : query with { ContinuationToken = page.ContinuationToken };
        }
        while (query is not null);
    }

    public async Task<OrchestrationMetadataPage> GetInstancesPageAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await _backend.QueryInstancesAsync(query, cancellationToken).ConfigureAwait(false);
        return new OrchestrationMetadataPage(
            page.Instances.Select(s => OrchestrationMetadata.From(s, query.FetchInputsAndOutputs)).ToArray(),
            page.ContinuationToken);
    }

    /// <summary>Waits until the instance left Pending (polling; cancel to stop waiting).</summary>
    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellationToken);

    /// <summary>Waits until the instance is Completed, Failed or Terminated (polling; cancel to stop waiting).</summary>
    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellationToken);

    /// <summary>Raises an event; the instance buffers it until code waits for that (case-insensitive) name.</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var payload = JsonPayload.SerializeArgument(eventPayload, nameof(eventPayload));
        return SendAsync(
            new ControlMessage(instanceId, null, [new HistoryEvent(HistoryEventKind.EventRaised)
            {
                Name = eventName,
                Payload = payload,
                DedupKey = DedupKeys.ClientEvent(Guid.NewGuid()),
            }]),
            TimeSpan.Zero,
            cancellationToken);
    }

    /// <summary>Terminates a running, suspended or pending instance; results that arrive later are dropped.</summary>
    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        var payload = JsonPayload.SerializeArgument(output, nameof(output));
        return SendAsync(
            new ControlMessage(instanceId, null, [new HistoryEvent(HistoryEventKind.ExecutionTerminated)
            {
                Payload = payload,
                DedupKey = DedupKeys.Terminate(Guid.NewGuid()),
            }]),
            TimeSpan.Zero,
            cancellationToken);
    }

    /// <summary>Suspends an instance: events and results are recorded but not delivered to the code until resumed.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, HistoryEventKind.ExecutionSuspended, reason, DedupKeys.Suspend(Guid.NewGuid()), cancellationToken);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, HistoryEventKind.ExecutionResumed, reason, DedupKeys.Resume(Guid.NewGuid()), cancellationToken);

    /// <summary>Deletes a finished instance with its history. Instances that have not finished are left alone (count 0).</summary>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var snapshot = await _backend.ReadInstanceAsync(instanceId, includeHistory: false, cancellationToken).ConfigureAwait(false);
        if (snapshot is null || !IsTerminal(snapshot.State.RuntimeStatus))
        {
            return new PurgeResult(0);
        }

        var purged = await _backend.PurgeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return new PurgeResult(purged ? 1 : 0);
    }

    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        OrchestrationRuntimeStatus[] terminal = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];
        var statuses = filter.Statuses is { Count: > 0 } wanted ? terminal.Intersect(wanted).ToArray() : terminal;
        if (statuses.Length == 0)
        {
            return new PurgeResult(0);
        }

        var ids = new List<string>();
        var query = new OrchestrationQuery { CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, Statuses = statuses };
        await foreach (var instance in GetAllInstancesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(instance.InstanceId);
        }

        var count = 0;
        foreach (var id in ids)
        {
            count += (await PurgeInstanceAsync(id, cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return new PurgeResult(count);
    }

    /// <summary>Messages parked after too many failed deliveries.</summary>
    public Task<IReadOnlyList<PoisonMessageRecord>> ListPoisonMessagesAsync(CancellationToken cancellationToken = default) =>
        _backend.ListPoisonMessagesAsync(cancellationToken);

    /// <summary>Sends a parked message to its queue again (with a fresh dequeue count) and forgets it.</summary>
    /// <returns>False when no parked message has this id.</returns>
    public async Task<bool> RedrivePoisonMessageAsync(string poisonMessageId, CancellationToken cancellationToken = default)
    {
        var parked = (await _backend.ListPoisonMessagesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Id == poisonMessageId);
        if (parked is null)
        {
            return false;
        }

        await _backend.SendMessageAsync(parked.Queue, parked.Body, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        _signal.Notify(parked.Queue);
        return await _backend.DeletePoisonMessageAsync(parked.Id, cancellationToken).ConfigureAwait(false);
    }

    private Task SendControlAsync(string instanceId, HistoryEventKind kind, string? reason, string dedupKey, CancellationToken cancellationToken)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        return SendAsync(
            new ControlMessage(instanceId, null, [new HistoryEvent(kind) { Payload = JsonPayload.Serialize(reason), DedupKey = dedupKey }]),
            TimeSpan.Zero,
            cancellationToken);
    }

    private async Task SendAsync(ControlMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var outbound = Outbound.Control(message, _backend.PartitionCount, delay);
        await _backend.SendMessageAsync(outbound.Queue, outbound.Body, outbound.VisibilityDelay, cancellationToken).ConfigureAwait(false);
        _signal.Notify(outbound.Queue);
    }

    private async Task<OrchestrationMetadata> WaitAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellationToken)
    {
        var delay = FirstPollDelay;
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 < MaxPollDelay ? delay * 2 : MaxPollDelay;
        }
    }

    private static bool IsTerminal(OrchestrationRuntimeStatus status) => EpisodePlanner.IsTerminal(status);
}
