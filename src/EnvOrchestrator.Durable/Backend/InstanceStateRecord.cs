namespace EnvOrchestrator.Durable.Backend;

/// <summary>The <c>$state</c> row of an instance. Payload strings are serialized JSON, stored as given.</summary>
public sealed record InstanceStateRecord
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required string ExecutionId { get; init; }

    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? ScheduledStartAt { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    /// <summary>Serialized <c>TaskFailureDetails</c> when the instance failed.</summary>
    public string? FailureDetails { get; init; }

    public string? ParentInstanceId { get; init; }

    public bool IsSuspended { get; init; }

    /// <summary>Number of the last committed history episode of <see cref="ExecutionId"/> (0 = none yet).</summary>
    public int Episode { get; init; }
}
