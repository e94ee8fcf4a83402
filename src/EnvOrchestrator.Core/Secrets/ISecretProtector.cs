namespace EnvOrchestrator.Core.Secrets;

/// <summary>
/// Encrypts secrets that are kept at rest (sensitive values in stored documents). The purpose separates uses: text
/// protected for one purpose cannot be unprotected for another. Implementations are thread-safe.
/// </summary>
/// <remarks>
/// Synchronous on purpose: callers sit inside JSON converters, and the keys are cached in memory after the first call.
/// </remarks>
public interface ISecretProtector
{
    /// <summary>Returns printable text (no line breaks) that reveals nothing of <paramref name="plaintext"/> but its rough length.</summary>
    string Protect(string purpose, string plaintext);

    /// <summary>The text given to <see cref="Protect"/> with the same <paramref name="purpose"/>.</summary>
    /// <exception cref="SecretUnprotectException">The text was not protected for this purpose, was altered, or its key is unknown.</exception>
    string Unprotect(string purpose, string protectedText);
}

/// <summary>Protected text could not be read back: wrong purpose, altered text, or a key (or key-encryption key) this service does not have.</summary>
public sealed class SecretUnprotectException : Exception
{
    public SecretUnprotectException()
    {
    }

    public SecretUnprotectException(string message)
        : base(message)
    {
    }

    public SecretUnprotectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The purposes in use, one per kind of stored secret (changing one makes existing data unreadable).</summary>
public static class SecretPurposes
{
    /// <summary>Sensitive <see cref="Values.Value"/>s inside stored environment documents.</summary>
    public const string StoredValues = "EnvOrchestrator.Storage.SensitiveValues.v1";
}
