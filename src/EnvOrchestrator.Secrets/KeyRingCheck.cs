using System.Security.Cryptography;
using System.Xml.Linq;
using Azure;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Secrets;

/// <summary>
/// Makes sure, before anything is protected, that the key ring container exists and that every key in it can be
/// decrypted with the configured KEKs. Otherwise Data Protection would quietly skip the unreadable keys, make a new
/// one, and every secret stored before would fail to read later, one request at a time.
/// </summary>
internal sealed class KeyRingCheck(KeyEncryptionKeyLoader loader, BlobXmlRepository repository, ILogger<KeyRingCheck> logger)
{
    /// <exception cref="SecretsConfigurationException">No usable KEK, or a key the KEKs cannot decrypt.</exception>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        var keys = loader.Keys;
        try
        {
            await repository.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw new SecretsConfigurationException($"The key ring container {repository.Container.Name} cannot be created or read (status {e.Status}, {e.ErrorCode}).", e);
        }

        var count = 0;
        foreach (var element in repository.GetAllElements())
        {
            foreach (var encrypted in element.DescendantsAndSelf(KekXmlEncryptor.ElementName))
            {
                try
                {
                    _ = KekXmlEncryptor.Decrypt(encrypted, keys);
                }
                catch (CryptographicException e)
                {
                    throw new SecretsConfigurationException($"Key {KeyIdOf(element)} in container {repository.Container.Name}: {e.Message}", e);
                }

                count++;
            }
        }

        logger.KeyRingChecked(repository.Container.Name, count, keys.Current.Id, keys.Ids.Count);
    }

    private static string KeyIdOf(XElement element) => (string?)element.Attribute("id") ?? element.Name.LocalName;
}
