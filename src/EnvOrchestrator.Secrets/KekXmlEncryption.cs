using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Secrets;

/// <summary>
/// Encrypts Data Protection keys before they reach the key ring repository: AES-256-GCM with the current
/// key-encryption key, whose id is stored beside the ciphertext (and authenticated with it) so that a rotated KEK
/// still finds the key that decrypts older keys.
/// </summary>
/// <remarks>
/// Form: <c>&lt;kekEncrypted xmlns="urn:envorchestrator:secrets:v1" kekId="…" nonce="…" tag="…"&gt;base64 ciphertext&lt;/kekEncrypted&gt;</c>.
/// </remarks>
internal sealed class KekXmlEncryptor(KeyEncryptionKeyLoader keys) : IXmlEncryptor
{
    public static readonly XNamespace Namespace = "urn:envorchestrator:secrets:v1";
    public static readonly XName ElementName = Namespace + "kekEncrypted";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var kek = keys.Keys.Current;
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var tag = new byte[TagSize];
        var ciphertext = new byte[plaintext.Length];
        try
        {
            using var aes = new AesGcm(kek.Key, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(kek.Id));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        var element = new XElement(
            ElementName,
            new XAttribute("kekId", kek.Id),
            new XAttribute("nonce", Convert.ToBase64String(nonce)),
            new XAttribute("tag", Convert.ToBase64String(tag)),
            Convert.ToBase64String(ciphertext));
        return new EncryptedXmlInfo(element, typeof(KekXmlDecryptor));
    }

    /// <summary>Binds the ciphertext to its KEK id: an id edited in the blob makes decryption fail instead of picking another key.</summary>
    internal static byte[] AssociatedData(string kekId) => Encoding.UTF8.GetBytes("envorch-kek-v1|" + kekId);

    /// <summary>The KEK id an encrypted element names, or null when it is not ours.</summary>
    internal static string? KekIdOf(XElement element) => element.Name == ElementName ? (string?)element.Attribute("kekId") : null;

    /// <summary>Decrypts an element written by <see cref="Encrypt"/>; the errors name the KEK ids, never key material.</summary>
    internal static XElement Decrypt(XElement encryptedElement, KeyEncryptionKeys keys)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var id = KekIdOf(encryptedElement)
            ?? throw new CryptographicException($"Expected a {ElementName.LocalName} element, found {encryptedElement.Name}.");
        var kek = keys.Find(id) ?? throw new CryptographicException(
            $"A key in the key ring was encrypted with key-encryption key {id}, which is neither {KeyEncryptionKeyLoader.CurrentSetting} " +
            $"(key {keys.Current.Id}) nor one of {KeyEncryptionKeyLoader.PreviousSetting}. Configure the KEK it was written with.");
        try
        {
            var nonce = Convert.FromBase64String((string?)encryptedElement.Attribute("nonce") ?? string.Empty);
            var tag = Convert.FromBase64String((string?)encryptedElement.Attribute("tag") ?? string.Empty);
            var ciphertext = Convert.FromBase64String(encryptedElement.Value);
            var plaintext = new byte[ciphertext.Length];
            using var aes = new AesGcm(kek.Key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(id));
            try
            {
                return XElement.Parse(Encoding.UTF8.GetString(plaintext));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        catch (Exception e) when (e is FormatException or AuthenticationTagMismatchException or ArgumentException)
        {
            throw new CryptographicException($"A key in the key ring could not be decrypted with key-encryption key {id}: the key or the stored element was altered.", e);
        }
    }
}

/// <summary>
/// The decryptor Data Protection creates by the type name stored in the key XML (hence public, with the
/// <see cref="IServiceProvider"/> constructor it looks for).
/// </summary>
public sealed class KekXmlDecryptor : IXmlDecryptor
{
    private readonly KeyEncryptionKeyLoader _keys;

    public KekXmlDecryptor(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _keys = services.GetRequiredService<KeyEncryptionKeyLoader>();
    }

    public XElement Decrypt(XElement encryptedElement) => KekXmlEncryptor.Decrypt(encryptedElement, _keys.Keys);
}
