using System.ComponentModel.DataAnnotations;

namespace EnvOrchestrator.StateBackend;

/// <summary>Settings of the Terraform http state backend served by the orchestrator.</summary>
public sealed class TerraformStateBackendOptions
{
    public const string SectionName = "TerraformStateBackend";

    /// <summary>
    /// Optional server secret that signs the per-address credentials; at least 32 characters, kept in a secret store.
    /// Empty (the default): tokens are sealed with a key generated in the service's Data Protection key ring.
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>Where states live: Blob Storage, or process memory (tests and single-process development only).</summary>
    public TerraformStateStoreKind Store { get; set; } = TerraformStateStoreKind.Blob;

    /// <summary>Connection string of the storage account (or Azurite) when <see cref="Store"/> is Blob; wins over <see cref="BlobEndpoint"/>.</summary>
    public string? BlobConnectionString { get; set; }

    /// <summary>
    /// The account's blob endpoint (<c>https://{account}.blob.core.windows.net</c>), reached with <see cref="Credential"/>:
    /// the production way, with shared keys turned off on the account.
    /// </summary>
    public Uri? BlobEndpoint { get; set; }

    /// <summary>The identity for <see cref="BlobEndpoint"/>; <c>DefaultAzureCredential</c> (managed identity on Azure) when null.</summary>
    public Azure.Core.TokenCredential? Credential { get; set; }

    public string ContainerName { get; set; } = "tfstate";

    /// <summary>Versions kept besides the current state; older ones are deleted on write.</summary>
    [Range(0, 1000)]
    public int KeepPreviousVersions { get; set; } = 10;

    /// <summary>Largest state document accepted; bigger POSTs get 413.</summary>
    [Range(1024, 1L << 30)]
    public long MaxStateBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Locks older than this are released by a background sweep; null (the default) disables the sweep, because a long
    /// apply legitimately holds its lock for as long as it runs.
    /// </summary>
    public TimeSpan? StaleLockAge { get; set; }

    public TimeSpan StaleLockSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public enum TerraformStateStoreKind
{
    Blob,
    InMemory,
}
