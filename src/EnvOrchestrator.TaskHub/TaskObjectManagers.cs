using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.TaskHub;

/// <summary>
/// Hands DTFx a fresh shim around the SDK orchestrator registered under a name, resolved through the SDK's own
/// factory each time. Orchestrators get the root provider: they must not hold services (they replay). One that cannot
/// be created fails its orchestration: thrown from here, the exception would make DTFx abandon the work item, back
/// the whole orchestration dispatcher off for 10 s and try again, for ever.
/// </summary>
internal sealed class OrchestrationObjects(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services)
    : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrators are registered with the SDK's DurableTaskRegistry.");

    public TaskOrchestration? GetObject(string name, string? version)
    {
        try
        {
            return factory.TryCreateOrchestrator(new TaskName(name), services, out var orchestrator)
                ? shims.CreateOrchestration(new TaskName(name), orchestrator)
                : null;
        }
#pragma warning disable CA1031 // Whatever the orchestrator's constructor threw is the orchestration's failure.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new UncreatableOrchestration(e);
        }
    }

    private sealed class UncreatableOrchestration(Exception error) : TaskOrchestration
    {
        public override Task<string> Execute(OrchestrationContext context, string input) => Task.FromException<string>(error);

        public override void RaiseEvent(OrchestrationContext context, string name, string input)
        {
        }

        public override string? GetStatus() => null;
    }
}

/// <summary>
/// Hands DTFx an activity that, when it runs, creates the SDK activity in a DI scope of its own (as the SDK's own
/// workers do) and disposes the scope afterwards. Creating it inside the run matters: an activity whose
/// dependencies cannot be resolved then fails like any activity, instead of failing the dispatcher, which abandons
/// the work item and gets it back again and again.
/// </summary>
internal sealed class ActivityObjects(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities are registered with the SDK's DurableTaskRegistry.");

    public TaskActivity GetObject(string name, string? version) => new ScopedActivity(new TaskName(name), factory, shims, services);

    private sealed class ScopedActivity(TaskName name, IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services) : TaskActivity
    {
        public override async Task<string> RunAsync(TaskContext context, string input)
        {
            var scope = services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                if (!factory.TryCreateActivity(name, scope.ServiceProvider, out var activity))
                {
                    throw new TypeMissingException($"Activity '{name.Name}' is not registered with this worker.");
                }

                return await shims.CreateActivity(name, activity).RunAsync(context, input).ConfigureAwait(false);
            }
        }

        public override string Run(TaskContext context, string input) =>
            throw new NotSupportedException("Activities run asynchronously.");
    }
}
