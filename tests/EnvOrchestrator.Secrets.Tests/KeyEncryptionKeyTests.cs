using System.Security.Cryptography;
using System.Xml.Linq;
using EnvOrchestrator.Core.Secrets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Secrets.Tests;

/// <summary>KEK parsing, the development key file and the XML encryption, without storage.</summary>
public sealed class KeyEncryptionKeyTests
{
    [Fact]
    public void Parse_SixteenBytes_RefusesNamingSettingButNotValue()
    {
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var error = Assert.Throws<SecretsConfigurationException>(() => KeyEncryptionKey.Parse(value, "Secrets:KeyEncryptionKey"));

        Assert.Contains("Secrets:KeyEncryptionKey holds 16 bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_DevelopmentWithoutKek_GeneratesOnePrivateFileAndReusesIt()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("envorch-kek-").FullName, ".envorch");
        var options = new SecretsOptions { AllowDevelopmentKey = true, DevelopmentKeyFolder = folder, ConnectionString = "UseDevelopmentStorage=true" };

        var first = Loader(options).Keys.Current;
        var second = Loader(options).Keys.Current;

        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.StartsWith("kek-", Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Key, second.Key);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Keys_DevelopmentOtherAccount_UsesAnotherFile()
    {
        var folder = Directory.CreateTempSubdirectory("envorch-kek-").FullName;

        var local = Loader(new SecretsOptions { AllowDevelopmentKey = true, DevelopmentKeyFolder = folder, ConnectionString = "UseDevelopmentStorage=true" }).Keys.Current;
        var other = Loader(new SecretsOptions { AllowDevelopmentKey = true, DevelopmentKeyFolder = folder, ConnectionString = "DefaultEndpointsProtocol=https;AccountName=other;AccountKey=eA==" }).Keys.Current;

        Assert.NotEqual(local.Id, other.Id);
        Assert.Equal(2, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public void Decrypt_ElementEncryptedWithPreviousKek_ReturnsPlaintext()
    {
        var old = KeyEncryptionKey.Generate();
        var element = new XElement("masterKey", new XElement("value", "c2VjcmV0"));
        var encrypted = new KekXmlEncryptor(LoaderFor(old)).Encrypt(element).EncryptedElement;

        var back = KekXmlEncryptor.Decrypt(encrypted, new KeyEncryptionKeys(KeyEncryptionKey.Generate(), [old]));

        Assert.Equal(element.ToString(), back.ToString());
        Assert.DoesNotContain("c2VjcmV0", encrypted.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_KekIdEditedInStoredElement_Refuses()
    {
        var first = KeyEncryptionKey.Generate();
        var second = KeyEncryptionKey.Generate();
        var encrypted = new KekXmlEncryptor(LoaderFor(first)).Encrypt(new XElement("masterKey", "x")).EncryptedElement;
        encrypted.SetAttributeValue("kekId", second.Id);

        var error = Assert.Throws<CryptographicException>(() => KekXmlEncryptor.Decrypt(encrypted, new KeyEncryptionKeys(second, [first])));

        Assert.Contains("could not be decrypted with key-encryption key " + second.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InMemoryProtector_OtherPurpose_ThrowsSecretUnprotect()
    {
        var protector = new InMemorySecretProtector();
        var text = protector.Protect("a", "planted");

        Assert.Equal("planted", protector.Unprotect("a", text));
        Assert.DoesNotContain("planted", text, StringComparison.Ordinal);
        Assert.Throws<SecretUnprotectException>(() => protector.Unprotect("b", text));
    }

    private static KeyEncryptionKeyLoader Loader(SecretsOptions options) => new(Options.Create(options), NullLogger<KeyEncryptionKeyLoader>.Instance);

    private static KeyEncryptionKeyLoader LoaderFor(KeyEncryptionKey key) =>
        Loader(new SecretsOptions { KeyEncryptionKey = Convert.ToBase64String(key.Key) });
}
