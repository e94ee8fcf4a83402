using System.Security.Cryptography;

namespace EnvOrchestrator.Secrets;

/// <summary>One key-encryption key and its id (derived from the key, so configuration only carries the key).</summary>
internal sealed record KeyEncryptionKey(string Id, byte[] Key)
{
    public const int KeySize = 32;

    /// <summary>Parses base64 of <see cref="KeySize"/> bytes; the error names <paramref name="setting"/>, never the value.</summary>
    public static KeyEncryptionKey Parse(string base64, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new SecretsConfigurationException($"{setting} is not base64; it must be base64 of {KeySize} random bytes (openssl rand -base64 32).");
        }

        if (key.Length != KeySize)
        {
            throw new SecretsConfigurationException($"{setting} holds {key.Length} bytes; it must be base64 of {KeySize} random bytes (openssl rand -base64 32).");
        }

        return new KeyEncryptionKey(IdOf(key), key);
    }

    public static KeyEncryptionKey Generate()
    {
        var key = RandomNumberGenerator.GetBytes(KeySize);
        return new KeyEncryptionKey(IdOf(key), key);
    }

    // A hash prefix: it tells keys apart in the stored XML and error messages without revealing anything of the key.
    private static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));

    public override string ToString() => $"KeyEncryptionKey {{ Id = {Id} }}";
}

/// <summary>The current KEK, which encrypts, and every KEK accepted for decrypting.</summary>
internal sealed class KeyEncryptionKeys
{
    private readonly Dictionary<string, KeyEncryptionKey> _byId;

    public KeyEncryptionKeys(KeyEncryptionKey current, IEnumerable<KeyEncryptionKey> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        Current = current;
        _byId = new Dictionary<string, KeyEncryptionKey>(StringComparer.Ordinal) { [current.Id] = current };
        foreach (var key in previous)
        {
            _byId.TryAdd(key.Id, key);
        }
    }

    public KeyEncryptionKey Current { get; }

    public IReadOnlyCollection<string> Ids => _byId.Keys;

    public KeyEncryptionKey? Find(string id) => _byId.GetValueOrDefault(id);
}

/// <summary>The secrets settings cannot work (missing or malformed KEK, a key ring this KEK cannot read): the service must not start.</summary>
public sealed class SecretsConfigurationException : Exception
{
    public SecretsConfigurationException()
    {
    }

    public SecretsConfigurationException(string message)
        : base(message)
    {
    }

    public SecretsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
