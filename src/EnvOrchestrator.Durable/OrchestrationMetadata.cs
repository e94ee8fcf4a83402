using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;

namespace EnvOrchestrator.Durable;

/// <summary>An orchestration instance's status as stored (same members as Microsoft.DurableTask).</summary>
public sealed class OrchestrationMetadata
{
    public OrchestrationMetadata(string name, string instanceId)
    {
        Name = name;
        InstanceId = instanceId;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Terminated;

    public T? ReadInputAs<T>() => JsonPayload.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => JsonPayload.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => JsonPayload.Deserialize<T>(SerializedCustomStatus);

    internal static OrchestrationMetadata From(InstanceStateRecord state, bool includePayloads) => new(state.Name, state.InstanceId)
    {
        RuntimeStatus = state.RuntimeStatus,
        CreatedAt = state.CreatedAt,
        LastUpdatedAt = state.LastUpdatedAt,
        SerializedInput = includePayloads ? state.Input : null,
        SerializedOutput = includePayloads ? state.Output : null,
        SerializedCustomStatus = state.CustomStatus,
        FailureDetails = state.FailureDetails is null ? null : JsonPayload.Deserialize<TaskFailureDetails>(state.FailureDetails),
    };
}
