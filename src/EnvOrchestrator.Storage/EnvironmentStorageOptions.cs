using Azure.Core;

namespace EnvOrchestrator.Storage;

/// <summary>
/// Where environments, runs, step logs and idempotency keys are stored. Give either <see cref="ConnectionString"/>
/// (development, including <c>UseDevelopmentStorage=true</c>) or <see cref="Credential"/> with
/// <see cref="TableEndpoint"/> and <see cref="BlobEndpoint"/> (Entra ID in production).
/// </summary>
public sealed class EnvironmentStorageOptions
{
    public const string SectionName = "Storage:Environments";

    /// <summary>
    /// Prefixes every table (<c>{prefix}Environments</c>…) and, lower-cased, every container (<c>{prefix}-logs</c>…):
    /// 3–40 ASCII letters or digits, starting with a letter.
    /// </summary>
    public string TablePrefix { get; set; } = "EnvOrch";

    public string? ConnectionString { get; set; }

    public TokenCredential? Credential { get; set; }

    public Uri? TableEndpoint { get; set; }

    public Uri? BlobEndpoint { get; set; }

    /// <summary>How long a completed idempotency key answers with its stored response.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an uncompleted reservation blocks a retry of the same request.</summary>
    public TimeSpan IdempotencyInProgressLease { get; set; } = TimeSpan.FromMinutes(5);
}
