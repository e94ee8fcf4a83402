using System.Security.Cryptography;
using System.Text;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// The text of an API key: <c>eok_{id}_{secret}</c>, id 16 hex characters (public, the store's row key), secret 43
/// base64url characters (256 random bits). Only SHA-256 of the secret is stored.
/// </summary>
public static class ApiKeyTokens
{
    public const string Prefix = "eok_";

    /// <summary>A new key: its id, the text shown once, and the hash to store.</summary>
    public static (string Id, string Key, string SecretHash) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64UrlSecret(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}", Hash(secret));
    }

    /// <summary>Splits a presented key; false when it is not of the <c>eok_{id}_{secret}</c> form.</summary>
    public static bool TryParse(string? key, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (key is null || key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator is < 1 or > 64 || rest.Length - separator - 1 < 16)
        {
            return false;
        }

        id = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return id.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>SHA-256 of <paramref name="secret"/>, lower-case hex.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares hashes in constant time.</summary>
    public static bool HashMatches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64UrlSecret(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
