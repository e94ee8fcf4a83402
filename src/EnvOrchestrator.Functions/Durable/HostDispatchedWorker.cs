using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;

namespace EnvOrchestrator.Functions.Durable;

/// <summary>
/// The Durable Task worker under the Functions host. The host's Durable extension polls the task hub and hands each
/// work item to a function, so this worker polls nothing: it only hands the factory the SDK built from the lifecycle's
/// registry to <see cref="LifecycleTaskDispatcher"/>, so the functions create the very classes the self-hosted worker does.
/// </summary>
internal sealed class HostDispatchedWorker : DurableTaskWorker
{
    public HostDispatchedWorker(string name, IDurableTaskFactory factory, LifecycleTaskDispatcher dispatcher)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        dispatcher.Use(factory);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
