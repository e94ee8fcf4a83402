using System.Xml.Linq;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.Secrets.Tests;

/// <summary>The key ring on Azurite as several service instances meet it: shared keys, KEK rotation, a wrong KEK.</summary>
public sealed class DataProtectionSecretsTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Timeout = 60_000;
    private const string Purpose = SecretPurposes.StoredValues;

    [Fact(Timeout = Timeout)]
    public async Task Unprotect_TextProtectedByAnotherInstanceSharingTheContainer_ReturnsIt()
    {
        var container = AzuriteFixture.UniqueName("keys");
        var kek = SecretsInstance.NewKek();
        using var first = await StartedAsync(container, o => o.KeyEncryptionKey = kek);
        using var second = await StartedAsync(container, o => o.KeyEncryptionKey = kek);

        var fromFirst = first.Protector.Protect(Purpose, "planted-5d1c");
        var fromSecond = second.Protector.Protect(Purpose, "planted-77aa");
        using var restarted = await StartedAsync(container, o => o.KeyEncryptionKey = kek);

        Assert.Equal("planted-5d1c", second.Protector.Unprotect(Purpose, fromFirst));
        Assert.Equal("planted-77aa", first.Protector.Unprotect(Purpose, fromSecond));
        Assert.Equal("planted-5d1c", restarted.Protector.Unprotect(Purpose, fromFirst));
        Assert.DoesNotContain("planted", fromFirst, StringComparison.Ordinal);
        Assert.NotEmpty(await SecretsInstance.KeyBlobsAsync(azurite.ConnectionString, container));
    }

    [Fact(Timeout = Timeout)]
    public async Task Unprotect_AfterKekRotationWithOldKekInPrevious_ReturnsOldText()
    {
        var container = AzuriteFixture.UniqueName("keys");
        var oldKek = SecretsInstance.NewKek();
        string protectedText;
        using (var before = await StartedAsync(container, o => o.KeyEncryptionKey = oldKek))
        {
            protectedText = before.Protector.Protect(Purpose, "rotate-me");
        }

        using var after = await StartedAsync(container, o =>
        {
            o.KeyEncryptionKey = SecretsInstance.NewKek();
            o.PreviousKeyEncryptionKeys = [oldKek];
        });

        Assert.Equal("rotate-me", after.Protector.Unprotect(Purpose, protectedText));
        Assert.Equal("new", after.Protector.Unprotect(Purpose, after.Protector.Protect(Purpose, "new")));
    }

    [Fact(Timeout = Timeout)]
    public async Task StartingAsync_KeyRingWrittenWithAnotherKek_RefusesNamingTheSettings()
    {
        var container = AzuriteFixture.UniqueName("keys");
        using (var writer = await StartedAsync(container, o => o.KeyEncryptionKey = SecretsInstance.NewKek()))
        {
            writer.Protector.Protect(Purpose, "x");
        }

        using var wrong = SecretsInstance.Create(azurite.ConnectionString, container, output, o => o.KeyEncryptionKey = SecretsInstance.NewKek());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ((Microsoft.Extensions.Hosting.IHostedLifecycleService)wrong.Startup).StartingAsync(CancellationToken.None));
        Assert.Contains("key-encryption key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secrets:KeyEncryptionKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secrets:PreviousKeyEncryptionKeys", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task StartingAsync_NoKekOutsideDevelopment_RefusesWithWhatToSet()
    {
        using var instance = SecretsInstance.Create(azurite.ConnectionString, AzuriteFixture.UniqueName("keys"), output, _ => { });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ((Microsoft.Extensions.Hosting.IHostedLifecycleService)instance.Startup).StartingAsync(CancellationToken.None));

        Assert.StartsWith("No key-encryption key: set Secrets:KeyEncryptionKey", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task StoredKeys_AfterProtect_HoldNoKeyMaterialInClear()
    {
        var container = AzuriteFixture.UniqueName("keys");
        var kek = SecretsInstance.NewKek();
        using var instance = await StartedAsync(container, o => o.KeyEncryptionKey = kek);
        instance.Protector.Protect(Purpose, "x");

        var blobs = await SecretsInstance.KeyBlobsAsync(azurite.ConnectionString, container);

        var (name, text) = Assert.Single(blobs);
        Assert.StartsWith("keys/key-", name, StringComparison.Ordinal);
        var key = XElement.Parse(text);
        var encrypted = Assert.Single(key.Descendants(KekXmlEncryptor.ElementName));
        Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName == "masterKey");
        var masterKey = KekXmlEncryptor.Decrypt(encrypted, KeysOf(kek)).Descendants().Single(e => e.Name.LocalName == "value").Value;
        Assert.True(masterKey.Length >= 40);
        Assert.DoesNotContain(masterKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(kek, text, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Unprotect_OtherPurpose_ThrowsSecretUnprotect()
    {
        using var instance = await StartedAsync(AzuriteFixture.UniqueName("keys"), o => o.KeyEncryptionKey = SecretsInstance.NewKek());
        var text = instance.Protector.Protect(Purpose, "x");

        var error = Assert.Throws<SecretUnprotectException>(() => instance.Protector.Unprotect("another-purpose", text));

        Assert.Contains("Secrets:KeyEncryptionKey", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task DataProtectionProvider_FromTheContainer_SharesTheKeyRing()
    {
        var container = AzuriteFixture.UniqueName("keys");
        var kek = SecretsInstance.NewKek();
        using var first = await StartedAsync(container, o => o.KeyEncryptionKey = kek);
        using var second = await StartedAsync(container, o => o.KeyEncryptionKey = kek);

        var text = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(first.DataProtection.CreateProtector("state"), "blob");

        Assert.Equal("blob", Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Unprotect(second.DataProtection.CreateProtector("state"), text));
    }

    private static KeyEncryptionKeys KeysOf(string kek) => new(KeyEncryptionKey.Parse(kek, "test"), []);

    private async Task<SecretsInstance> StartedAsync(string container, Action<SecretsOptions> configure)
    {
        var instance = SecretsInstance.Create(azurite.ConnectionString, container, output, configure);
        await ((Microsoft.Extensions.Hosting.IHostedLifecycleService)instance.Startup).StartingAsync(CancellationToken.None);
        return instance;
    }
}
