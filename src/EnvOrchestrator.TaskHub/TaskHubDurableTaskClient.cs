using System.Globalization;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;
using SdkQuery = Microsoft.DurableTask.Client.OrchestrationQuery;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// The SDK's <see cref="DurableTaskClient"/> over DTFx's Azure Storage provider in this process — the one adapter
/// this project writes (ADR 0009): no gRPC hop, and the same provider instance the worker uses.
/// </summary>
internal sealed class TaskHubDurableTaskClient : DurableTaskClient
{
    private static readonly CoreStatus[] RunningStatuses = [CoreStatus.Pending, CoreStatus.Running, CoreStatus.Suspended, CoreStatus.ContinuedAsNew];
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    private readonly TaskHubRuntime _runtime;
    private readonly DataConverter _converter;

    public TaskHubDurableTaskClient(string name, TaskHubRuntime runtime, IOptionsMonitor<DurableTaskClientOptions> options)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _converter = options.Get(name).DataConverter;
    }

    private AzureStorageOrchestrationService Service => _runtime.Service;

    /// <remarks>
    /// <see cref="StartOrchestrationOptions.DedupeStatuses"/> as the SDK documents it: an instance in one of them makes
    /// the start throw <see cref="DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException"/>; a running one
    /// not in them is terminated first; null leaves it to the provider (which restarts a running instance).
    /// </remarks>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        await _runtime.EnsureCreatedAsync(cancellation).ConfigureAwait(false);
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var dedupe = options?.DedupeStatuses?.Select(ParseStatus).ToArray();
        if (dedupe is not null && dedupe.Contains(CoreStatus.Terminated) && RunningStatuses.Any(s => s != CoreStatus.ContinuedAsNew && !dedupe.Contains(s)))
        {
            // The SDK's contract: the running instance would be terminated, and the new start then refused because of it.
            throw new ArgumentException("DedupeStatuses holds Terminated but lets a running status be replaced.", nameof(options));
        }

        if (dedupe is not null && RunningStatuses.Any(s => !dedupe.Contains(s)))
        {
            await TerminateReusableAsync(instance.InstanceId, dedupe, cancellation).ConfigureAwait(false);
        }

        if (dedupe is { Length: > 0 } && !await _runtime.Starts.TryClaimAsync(instance.InstanceId, instance.ExecutionId, recent => RefusesAsync(instance.InstanceId, dedupe, recent, cancellation), cancellation).ConfigureAwait(false))
        {
            throw new OrchestrationAlreadyExistsException($"Orchestration '{instance.InstanceId}' exists or is being started.");
        }

        var started = new ExecutionStartedEvent(-1, _converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        };
        await Service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, dedupe).WaitAsync(cancellation).ConfigureAwait(false);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new EventRaisedEvent(-1, _converter.Serialize(eventPayload)) { Name = eventName }, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return Service.ForceTerminateTaskOrchestrationAsync(instanceId, _converter.Serialize(options?.Output)).WaitAsync(cancellation);
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var states = await Service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs).WaitAsync(cancellation).ConfigureAwait(false);
        if (states is not { Count: > 0 } || states[0] is not { } state)
        {
            return null;
        }

        TaskFailureDetails? failure = null;
        if (state.OrchestrationStatus == CoreStatus.Failed && state.FailureDetails is null)
        {
            // The instance row holds only "type: message"; the history's last event holds the whole failure.
            var history = await Service.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId).WaitAsync(cancellation).ConfigureAwait(false);
            failure = FailureReader.FromHistory(history);
        }

        return ToMetadata(state, getInputsAndOutputs, failure);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(SdkQuery? filter = null) =>
        Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var query = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(s => (CoreStatus)(int)s).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                PageSize = pageSize ?? filter?.PageSize ?? SdkQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await Service.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>([.. result.OrchestrationState.Select(s => ToMetadata(s, query.FetchInputsAndOutputs))], result.ContinuationToken);
        });

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <summary>Refuses an instance that has not finished: purging a running one would delete work in flight.</summary>
    /// <exception cref="InvalidOperationException">The instance is still pending, running or suspended.</exception>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var existing = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false);
        if (existing is null)
        {
            return new PurgeResult(0);
        }

        if (!existing.IsCompleted)
        {
            throw new InvalidOperationException($"Orchestration '{instanceId}' is {existing.RuntimeStatus}; only finished instances can be purged.");
        }

        var result = await ((IOrchestrationServicePurgeClient)Service).PurgeInstanceStateAsync(instanceId).WaitAsync(cancellation).ConfigureAwait(false);

        // Its last start's claim would otherwise refuse a new start of the id as "being started" for a while.
        await _runtime.Starts.ForgetAsync(instanceId, cancellation).ConfigureAwait(false);
        await _runtime.Deliveries.ForgetInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Select(s => (CoreStatus)(int)s)
            .Where(s => !RunningStatuses.Contains(s))
            .ToList();
        if (statuses.Count == 0)
        {
            // The provider reads an empty status list as "any status", running ones included.
            return new PurgeResult(0);
        }

        var result = await ((IOrchestrationServicePurgeClient)Service).PurgeInstanceStateAsync(new PurgeInstanceFilter(filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime, statuses))
            .WaitAsync(cancellation).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task SendAsync(string instanceId, HistoryEvent historyEvent, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var message = new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = historyEvent };
        await Service.SendTaskOrchestrationMessageAsync(message).WaitAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>An instance not written yet while a start was claimed recently is on its way: it counts as Pending.</summary>
    private async Task<bool> RefusesAsync(string instanceId, CoreStatus[] dedupe, bool recentClaim, CancellationToken cancellation)
    {
        var existing = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false);
        return existing is null
            ? recentClaim && dedupe.Contains(CoreStatus.Pending)
            : dedupe.Contains((CoreStatus)(int)existing.RuntimeStatus);
    }

    private async Task TerminateReusableAsync(string instanceId, CoreStatus[] dedupe, CancellationToken cancellation)
    {
        var existing = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false);
        if (existing is null || existing.IsCompleted || dedupe.Contains((CoreStatus)(int)existing.RuntimeStatus))
        {
            return;
        }

        await TerminateInstanceAsync(instanceId, new TerminateInstanceOptions("Replaced by a new start of the same instance id."), cancellation).ConfigureAwait(false);
        await WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false);
    }

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Orchestration '{instanceId}' does not exist.");
            if (done(metadata))
            {
                return metadata;
            }

            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollInterval.Ticks));
        }
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool withInputsAndOutputs, TaskFailureDetails? failure = null)
    {
        var status = (OrchestrationRuntimeStatus)(int)state.OrchestrationStatus;
        return new OrchestrationMetadata(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = _converter,
            RuntimeStatus = status,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            SerializedInput = withInputsAndOutputs ? state.Input : null,
            SerializedOutput = withInputsAndOutputs && status != OrchestrationRuntimeStatus.Failed ? state.Output : null,
            SerializedCustomStatus = state.Status,
            FailureDetails = status == OrchestrationRuntimeStatus.Failed ? failure ?? FailureReader.Read(state) : null,
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags, StringComparer.Ordinal),
        };
    }

    private static CoreStatus ParseStatus(string status) =>
        Enum.TryParse<OrchestrationRuntimeStatus>(status, ignoreCase: true, out var parsed)
            ? (CoreStatus)(int)parsed
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{status}' is not an orchestration status."), nameof(status));
}
