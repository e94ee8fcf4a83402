using EnvOrchestrator.Durable.Backend;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>
/// The message handlers of the engine. The hosted poller calls them, and so can any other host (an Azure
/// Functions custom handler's queue triggers): each call finishes commit and dispatch before it returns.
/// </summary>
public sealed class DurableTaskEngine : IDisposable
{
    private readonly ControlMessageProcessor _control;
    private readonly WorkItemProcessor _workItems;

    internal DurableTaskEngine(
        IOrchestrationBackend backend,
        DurableTaskRegistry registry,
        IServiceProvider services,
        DurableTaskWorkerOptions options,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        WorkSignal signal)
    {
        Backend = backend;
        Options = options;
        Signal = signal;
        var logger = loggerFactory.CreateLogger("EnvOrchestrator.Durable.Engine");
        var dispatcher = new MessageDispatcher(backend, signal, options.FaultInjector);
        var planner = new EpisodePlanner(registry, services, options, backend.PartitionCount, loggerFactory);
        _control = new ControlMessageProcessor(backend, planner, dispatcher, new InstanceCache(options.InstanceCacheSize), Metrics, options, time, logger);
        _workItems = new WorkItemProcessor(backend, registry, services, dispatcher, Metrics, options, time, logger);
    }

    public IOrchestrationBackend Backend { get; }

    internal DurableTaskWorkerOptions Options { get; }

    internal WorkSignal Signal { get; }

    internal EngineMetrics Metrics { get; } = new();

    /// <summary>
    /// Processes messages received from one control queue (ideally a batch: messages of the same instance are
    /// folded into one episode and one commit). Failures are logged; unprocessed messages reappear after their
    /// visibility timeout, so the caller deletes nothing itself.
    /// </summary>
    public Task ProcessControlMessagesAsync(IReadOnlyList<ReceivedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return _control.ProcessBatchAsync(messages, cancellationToken);
    }

    public void Dispose() => _workItems.Dispose();

    /// <summary>Runs the activities of one work-item message, sends their results and deletes it.</summary>
    public Task ProcessWorkItemAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _workItems.ProcessAsync(message, cancellationToken);
    }
}
