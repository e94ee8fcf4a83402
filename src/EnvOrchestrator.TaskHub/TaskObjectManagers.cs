using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// Hands DTFx a fresh shim around the SDK class registered under a name, resolved through the SDK's own factory
/// each time, so orchestrators and activities get their dependencies from the container like under any SDK worker.
/// </summary>
internal sealed class OrchestrationObjects(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services)
    : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrators are registered with the SDK's DurableTaskRegistry.");

    public TaskOrchestration? GetObject(string name, string? version) =>
        factory.TryCreateOrchestrator(new TaskName(name), services, out var orchestrator)
            ? shims.CreateOrchestration(new TaskName(name), orchestrator)
            : null;
}

internal sealed class ActivityObjects(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities are registered with the SDK's DurableTaskRegistry.");

    public TaskActivity? GetObject(string name, string? version) =>
        factory.TryCreateActivity(new TaskName(name), services, out var activity)
            ? shims.CreateActivity(new TaskName(name), activity)
            : null;
}
