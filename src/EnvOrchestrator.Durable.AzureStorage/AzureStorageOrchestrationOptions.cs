using Azure.Core;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Where the Azure Storage backend keeps a task hub. Give either <see cref="ConnectionString"/> (development,
/// including <c>UseDevelopmentStorage=true</c>) or <see cref="Credential"/> with the three service endpoints
/// (Entra ID in production).
/// </summary>
public sealed class AzureStorageOrchestrationOptions
{
    public const string SectionName = "Durable:AzureStorage";

    /// <summary>Letters and digits, starting with a letter, 3–45 characters; compared case-insensitively.</summary>
    public string TaskHub { get; set; } = "EnvOrchestrator";

    /// <summary>Number of control queues (1–16). Changing it for an existing hub strands messages.</summary>
    public int PartitionCount { get; set; } = 4;

    public string? ConnectionString { get; set; }

    /// <summary>Used with the endpoints when no connection string is given.</summary>
    public TokenCredential? Credential { get; set; }

    public Uri? TableEndpoint { get; set; }

    public Uri? QueueEndpoint { get; set; }

    public Uri? BlobEndpoint { get; set; }

    /// <summary>
    /// How often each process sweeps the payload container for orphan blobs (see
    /// <see cref="AzureStorageOrchestrationBackend.SweepOrphanPayloadsAsync(TimeSpan, CancellationToken)"/>);
    /// null turns the in-process sweep off.
    /// </summary>
    public TimeSpan? OrphanPayloadSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How old an unreferenced payload blob must be before the sweep deletes it; at least
    /// <see cref="AzureStorageOrchestrationBackend.MinOrphanPayloadAge"/> (1 hour).
    /// </summary>
    public TimeSpan OrphanPayloadAge { get; set; } = TimeSpan.FromDays(1);
}
