using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Secrets;

/// <summary>
/// Builds <see cref="KeyEncryptionKeys"/> from <see cref="SecretsOptions"/> once: the configured KEK, or (development
/// only) one generated into <c>~/.envorch/kek-{hash of the storage account}</c>, else a
/// <see cref="SecretsConfigurationException"/> that says what to set.
/// </summary>
internal sealed class KeyEncryptionKeyLoader(IOptions<SecretsOptions> options, ILogger<KeyEncryptionKeyLoader> logger)
{
    public const string CurrentSetting = SecretsOptions.SectionName + ":" + nameof(SecretsOptions.KeyEncryptionKey);
    public const string PreviousSetting = SecretsOptions.SectionName + ":" + nameof(SecretsOptions.PreviousKeyEncryptionKeys);

    private readonly Lazy<KeyEncryptionKeys> _keys = new(() => Load(options.Value, logger), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <exception cref="SecretsConfigurationException">No usable KEK.</exception>
    public KeyEncryptionKeys Keys => _keys.Value;

    private static KeyEncryptionKeys Load(SecretsOptions options, ILogger logger)
    {
        var previous = options.PreviousKeyEncryptionKeys
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Select((k, i) => KeyEncryptionKey.Parse(k, $"{PreviousSetting}:{i}"))
            .ToList();
        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
        {
            return new KeyEncryptionKeys(KeyEncryptionKey.Parse(options.KeyEncryptionKey, CurrentSetting), previous);
        }

        if (!options.AllowDevelopmentKey)
        {
            throw new SecretsConfigurationException(
                $"No key-encryption key: set {CurrentSetting} (base64 of 32 random bytes, e.g. openssl rand -base64 32; in Azure an app " +
                "setting Secrets__KeyEncryptionKey that is a Key Vault reference). It encrypts the key ring that protects stored secrets " +
                "and must not be kept in the storage account. Locally, Security:Mode=Development generates one. See docs/security.md.");
        }

        var folder = string.IsNullOrWhiteSpace(options.DevelopmentKeyFolder)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".envorch")
            : options.DevelopmentKeyFolder;
        var path = Path.Combine(folder, "kek-" + AccountHash(options));
        var (key, created) = DevelopmentKeyFile.LoadOrCreate(path);
        if (created)
        {
            logger.DevelopmentKeyGenerated(path, CurrentSetting);
        }
        else
        {
            logger.DevelopmentKeyUsed(path, CurrentSetting);
        }

        return new KeyEncryptionKeys(key, previous);
    }

    /// <summary>
    /// One development KEK per storage account, so that every local instance on one account shares it (the account
    /// name, not the whole connection string: an emulator started on other ports is the same account).
    /// </summary>
    internal static string AccountHash(SecretsOptions options)
    {
        var scope = AccountName(options.ConnectionString) ?? options.BlobEndpoint?.Host ?? options.ConnectionString ?? "default";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)).AsSpan(0, 8));
    }

    private static string? AccountName(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "devstoreaccount1";
        }

        return connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals("AccountName", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim())
            .FirstOrDefault();
    }
}

/// <summary>The development KEK file: created once with mode 0600 (the folder 0700), read on every later start.</summary>
internal static class DevelopmentKeyFile
{
    public static (KeyEncryptionKey Key, bool Created) LoadOrCreate(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        for (var attempt = 1; ; attempt++)
        {
            if (TryRead(path) is { } existing)
            {
                return (existing, false);
            }

            var key = KeyEncryptionKey.Generate();
            if (TryCreate(path, key))
            {
                return (key, true);
            }

            // Another process created it between our read and our create (two instances starting at once), and may
            // still be writing it: read again shortly.
            if (attempt == 20)
            {
                throw new SecretsConfigurationException($"The development key-encryption key file {path} exists but cannot be read as base64 of 32 bytes; delete it (protected data written with it is then lost) or set {KeyEncryptionKeyLoader.CurrentSetting}.");
            }

            Thread.Sleep(50);
        }
    }

    private static KeyEncryptionKey? TryRead(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Length == 0 ? null : KeyEncryptionKey.Parse(text, path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (SecretsConfigurationException)
        {
            // Half written by another process; the caller retries.
            return null;
        }
    }

    private static bool TryCreate(string path, KeyEncryptionKey key)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key.Key)));
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
