using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace EnvOrchestrator.Functions.Durable;

/// <summary>
/// The lifecycle's <see cref="DurableTaskClient"/> under the Functions host. The host hands each invocation a client
/// through the <c>durableClient</c> binding (its gRPC endpoint and task hub); every function that may start or query
/// an orchestration takes that binding and binds it here first, so services built once (use-case handlers, the
/// sweep, activities) reach the task hub the host runs.
/// </summary>
internal sealed class HostBoundDurableTaskClient(string name, HostDurableClientBinding binding) : DurableTaskClient(name)
{
    private DurableTaskClient Bound => binding.Client;

    public override DurableEntityClient Entities => Bound.Entities;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        Bound.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Bound.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Bound.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Bound.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Bound.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Bound.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Bound.GetAllInstancesAsync(filter);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Bound.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Bound.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Bound.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Bound.PurgeAllInstancesAsync(filter, options, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The client the host handed the latest invocation; every invocation's client talks to the same task hub.</summary>
internal sealed class HostDurableClientBinding
{
    private volatile DurableTaskClient? _client;

    public DurableTaskClient Client => _client
        ?? throw new InvalidOperationException("No function invocation has bound the host's durable client yet.");

    public void Bind(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }
}
