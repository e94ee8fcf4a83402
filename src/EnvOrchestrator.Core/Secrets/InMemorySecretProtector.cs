using System.Security.Cryptography;
using System.Text;

namespace EnvOrchestrator.Core.Secrets;

/// <summary>
/// A stand-in for tests and in-memory stores: text is scrambled with a key that lives in this instance only, so a
/// test that looks for a planted secret in what was written still fails if a writer forgot to protect it. Not a
/// protection: the key is not kept anywhere, and nothing survives the process.
/// </summary>
public sealed class InMemorySecretProtector : ISecretProtector
{
    private const string Prefix = "inmem1:";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Protect(string purpose, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentNullException.ThrowIfNull(plaintext);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(_key, tag.Length))
        {
            // The purpose is authenticated, so that unprotecting for another purpose fails as it does with the real protector.
            aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(purpose));
        }

        return Prefix + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public string Unprotect(string purpose, string protectedText)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentNullException.ThrowIfNull(protectedText);
        try
        {
            if (!protectedText.StartsWith(Prefix, StringComparison.Ordinal))
            {
                throw new SecretUnprotectException("The text was not protected by this in-memory protector.");
            }

            var bytes = Convert.FromBase64String(protectedText[Prefix.Length..]);
            var nonce = bytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
            var tag = bytes.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
            var cipher = bytes.AsSpan(nonce.Length + tag.Length);
            var plain = new byte[cipher.Length];
            using var aes = new AesGcm(_key, tag.Length);
            aes.Decrypt(nonce, cipher, tag, plain, Encoding.UTF8.GetBytes(purpose));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            throw new SecretUnprotectException("The protected text could not be read: altered, or protected for another purpose or instance.", e);
        }
    }
}
