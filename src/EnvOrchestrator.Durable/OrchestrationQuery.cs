namespace EnvOrchestrator.Durable;

/// <summary>A filter for instance queries; results come in pages (same shape as Microsoft.DurableTask).</summary>
public sealed record OrchestrationQuery
{
    public const int DefaultPageSize = 100;

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Null or empty: any status.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public string? InstanceIdPrefix { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The token returned with the previous page; null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    public bool FetchInputsAndOutputs { get; init; }
}
