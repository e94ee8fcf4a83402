using Microsoft.DurableTask;

namespace EnvOrchestrator.Functions.Durable;

/// <summary>What an activity knows of its invocation, taken from the activity trigger's binding data.</summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;
}
