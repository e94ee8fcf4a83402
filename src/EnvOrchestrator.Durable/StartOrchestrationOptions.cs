namespace EnvOrchestrator.Durable;

/// <summary>Options for starting an orchestration; a null <see cref="InstanceId"/> gets a random one.</summary>
/// <param name="StartAt">Delay the first episode until this time (the instance stays Pending until then).</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

/// <summary>How many instances a purge removed.</summary>
public sealed record PurgeResult(int PurgedInstanceCount);

/// <summary>Which terminal instances to purge; statuses outside Completed/Failed/Terminated are never purged.</summary>
public sealed record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);

/// <summary>One page of a query and the token for the next (null on the last page).</summary>
public sealed record OrchestrationMetadataPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
