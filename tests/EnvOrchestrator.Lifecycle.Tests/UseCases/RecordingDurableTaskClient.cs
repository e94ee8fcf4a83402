using System.Collections.Concurrent;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases;

/// <summary>
/// A Durable Task client without a runtime: it records what a handler schedules and raises, so a use case can be
/// tested up to the point where its orchestration would start. Scheduled instances stay running (or pending, once
/// <see cref="KeepPending"/> was called); nothing executes.
/// </summary>
internal sealed class RecordingDurableTaskClient() : DurableTaskClient("recording")
{
    private readonly ConcurrentDictionary<string, ScheduledOrchestration> _scheduled = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RaisedEvent> _raised = new();
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ScheduledOrchestration> Scheduled => [.. _scheduled.Values];

    public IReadOnlyCollection<RaisedEvent> Raised => [.. _raised];

    /// <summary>The instance reads as Pending: its start not processed yet.</summary>
    public void KeepPending(string instanceId) => _pending.TryAdd(instanceId, true);

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        if (!_scheduled.TryAdd(instanceId, new ScheduledOrchestration(orchestratorName.Name, instanceId, input)))
        {
            throw new OrchestrationAlreadyExistsException($"Orchestration instance '{instanceId}' already exists.");
        }

        return Task.FromResult(instanceId);
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        _raised.Enqueue(new RaisedEvent(instanceId, eventName, eventPayload));
        return Task.CompletedTask;
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Task.FromResult(_scheduled.TryGetValue(instanceId, out var scheduled)
            ? Metadata(scheduled.Name, instanceId)
            : null);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        throw new NotSupportedException();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private OrchestrationMetadata Metadata(string name, string instanceId) => new(name, instanceId)
    {
        RuntimeStatus = _pending.ContainsKey(instanceId) ? OrchestrationRuntimeStatus.Pending : OrchestrationRuntimeStatus.Running,
    };
}

internal sealed record ScheduledOrchestration(string Name, string InstanceId, object? Input);

internal sealed record RaisedEvent(string InstanceId, string Name, object? Payload);
