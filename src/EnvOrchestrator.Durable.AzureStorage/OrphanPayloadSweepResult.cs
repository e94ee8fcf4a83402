namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>What one pass of the orphan payload sweep did.</summary>
/// <param name="BlobsExamined">Blobs listed in this pass.</param>
/// <param name="BlobsDeleted">Orphans deleted.</param>
/// <param name="ReachedEnd">The listing reached the end of the container; the next pass starts from the beginning.</param>
public sealed record OrphanPayloadSweepResult(int BlobsExamined, int BlobsDeleted, bool ReachedEnd);
