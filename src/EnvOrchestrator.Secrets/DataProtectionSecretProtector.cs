using System.Collections.Concurrent;
using System.Security.Cryptography;
using EnvOrchestrator.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;

namespace EnvOrchestrator.Secrets;

/// <summary>
/// <see cref="ISecretProtector"/> on ASP.NET Core Data Protection (AES-256-CBC + HMACSHA256 per key, keys rotated
/// every <see cref="SecretsOptions.KeyLifetime"/>, the key id inside every payload so old data stays readable).
/// </summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly ConcurrentDictionary<string, IDataProtector> _protectors = new(StringComparer.Ordinal);

    public string Protect(string purpose, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return For(purpose).Protect(plaintext);
    }

    public string Unprotect(string purpose, string protectedText)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        try
        {
            return For(purpose).Unprotect(protectedText);
        }
        catch (CryptographicException e)
        {
            throw new SecretUnprotectException(
                $"A protected value could not be decrypted ({e.Message}). Its key is missing from the key ring, or the ring's " +
                "key-encryption key is not configured (Secrets:KeyEncryptionKey / Secrets:PreviousKeyEncryptionKeys).", e);
        }
    }

    private IDataProtector For(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return _protectors.GetOrAdd(purpose, provider.CreateProtector);
    }
}
