using Azure.Core;

namespace EnvOrchestrator.Secrets;

/// <summary>
/// Where the Data Protection key ring is kept and the key-encryption key (KEK) that encrypts it (section
/// <see cref="SectionName"/>). The KEK must not live in the storage account that holds the key ring: in Azure it is an
/// app setting that is a Key Vault reference (<c>Secrets__KeyEncryptionKey</c>).
/// </summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Secrets";

    /// <summary>The current KEK: base64 of 32 random bytes (<c>openssl rand -base64 32</c>). Encrypts new keys; decrypts too.</summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Former KEKs (same form), accepted for decrypting keys written before a KEK rotation; never used to encrypt.</summary>
    public List<string> PreviousKeyEncryptionKeys { get; set; } = [];

    /// <summary>
    /// Without <see cref="KeyEncryptionKey"/>, generate one once into a file under the user's profile instead of
    /// refusing to start. The host sets it in development security mode only.
    /// </summary>
    public bool AllowDevelopmentKey { get; set; }

    /// <summary>Where a development KEK is kept; <c>~/.envorch</c> when empty.</summary>
    public string? DevelopmentKeyFolder { get; set; }

    /// <summary>The blob container of the key ring (created at start-up). One per deployment that has its own KEK.</summary>
    public string ContainerName { get; set; } = "envorch-keys";

    /// <summary>
    /// Data Protection's application discriminator: the same on every instance, so they share keys. Changing it makes
    /// everything protected before unreadable.
    /// </summary>
    public string ApplicationName { get; set; } = "EnvOrchestrator";

    /// <summary>How long a key is used for new protections before the next one is generated (kept for reading afterwards).</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(90);

    public string? ConnectionString { get; set; }

    public TokenCredential? Credential { get; set; }

    public Uri? BlobEndpoint { get; set; }
}
