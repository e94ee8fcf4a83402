using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Secrets;

/// <summary>Source-generated log messages of the secrets service: event ids 9400–9499.</summary>
internal static partial class Log
{
    [LoggerMessage(9401, LogLevel.Warning, "DEVELOPMENT: generated a key-encryption key into {Path} (mode 0600) because {Setting} is not set. Stored secrets are only as safe as that file; set {Setting} outside development.")]
    public static partial void DevelopmentKeyGenerated(this ILogger logger, string path, string setting);

    [LoggerMessage(9402, LogLevel.Warning, "DEVELOPMENT: using the key-encryption key in {Path} because {Setting} is not set; set it outside development.")]
    public static partial void DevelopmentKeyUsed(this ILogger logger, string path, string setting);

    [LoggerMessage(9403, LogLevel.Information, "Key ring in container {Container}: {KeyCount} keys readable with key-encryption key {KekId} ({KekCount} accepted)")]
    public static partial void KeyRingChecked(this ILogger logger, string container, int keyCount, string kekId, int kekCount);

    [LoggerMessage(9404, LogLevel.Information, "Stored key {BlobName} in the key ring")]
    public static partial void KeyStored(this ILogger logger, string blobName);
}
