using System.Security.Cryptography;
using System.Text;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.StateBackend.Tests.Security;

/// <summary>
/// Credentials when no signing key is configured: sealed with a key from the Data Protection key ring, which no
/// caller can derive (issue 12: a key hashed from the emulator's public connection string let anyone forge tokens).
/// </summary>
public sealed class StateAccessTokenTests : IDisposable
{
    private static readonly TerraformStateAddress Address = TerraformStateAddress.Create("env-3", "storage");
    private static readonly TerraformStateAddress Other = TerraformStateAddress.Create("env-4", "storage");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 5, 0, 0, TimeSpan.Zero));
    private readonly DirectoryInfo _keyRing = Directory.CreateTempSubdirectory("envorch-keyring-");

    [Fact]
    public void IsAuthorized_TokenIssuedByAnotherInstanceSharingTheKeyRing_Accepted()
    {
        var issuer = Create(SharedKeyRing());
        var credentials = issuer.IssueCredentials(Address, TimeSpan.FromMinutes(30));

        var validator = Create(SharedKeyRing());

        Assert.StartsWith("v2.", credentials.Password, StringComparison.Ordinal);
        Assert.True(validator.IsAuthorized(Address, credentials.Password));
    }

    [Fact]
    public void IsAuthorized_TokenOfAnotherAddress_Refused()
    {
        var backend = Create(SharedKeyRing());
        var credentials = backend.IssueCredentials(Other, TimeSpan.FromMinutes(30));

        Assert.False(backend.IsAuthorized(Address, credentials.Password));
        Assert.True(backend.IsAuthorized(Other, credentials.Password));
    }

    [Fact]
    public void IsAuthorized_AfterExpiry_Refused()
    {
        var backend = Create(SharedKeyRing());
        var credentials = backend.IssueCredentials(Address, TimeSpan.FromMinutes(30));

        _time.Advance(TimeSpan.FromMinutes(31));

        Assert.False(backend.IsAuthorized(Address, credentials.Password));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v2.")]
    [InlineData("v2.not-a-payload")]
    [InlineData("v1.9999999999.AAAA")]
    public void IsAuthorized_MalformedToken_Refused(string? token) =>
        Assert.False(Create(SharedKeyRing()).IsAuthorized(Address, token));

    [Fact]
    public void IsAuthorized_OneCharacterChanged_Refused()
    {
        var backend = Create(SharedKeyRing());
        var token = backend.IssueCredentials(Address, TimeSpan.FromMinutes(30)).Password;
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        Assert.False(backend.IsAuthorized(Address, tampered));
    }

    [Fact]
    public void IsAuthorized_TokenForgedWithTheOldDerivedKey_Refused()
    {
        // What an attacker could compute before: the signing key was a hash of the (public) emulator connection string.
        var derived = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("envorch-tfstate-signing-key|UseDevelopmentStorage=true")));
        var expiry = _time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(derived), Encoding.UTF8.GetBytes("v1\n" + Address + "\n" + expiry));
        var forged = "v1." + expiry + "." + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.False(Create(SharedKeyRing()).IsAuthorized(Address, forged));
    }

    [Fact]
    public void IsAuthorized_KeyRingOfAnotherDeployment_Refused()
    {
        var token = Create(SharedKeyRing()).IssueCredentials(Address, TimeSpan.FromMinutes(30)).Password;
        var elsewhere = Directory.CreateTempSubdirectory("envorch-keyring-other-");
        try
        {
            Assert.False(Create(DataProtectionProvider.Create(elsewhere)).IsAuthorized(Address, token));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public void Constructor_NoSigningKeyAndNoKeyRing_RefusesNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(dataProtection: null));

        Assert.Contains("TerraformStateBackend:SigningKey", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _keyRing.Delete(recursive: true);

    private IDataProtectionProvider SharedKeyRing() => DataProtectionProvider.Create(_keyRing);

    private TerraformStateBackend Create(IDataProtectionProvider? dataProtection) => new(
        new InMemoryTerraformStateStore(_time, 5),
        Options.Create(new TerraformStateBackendOptions()),
        _time,
        NullLogger<TerraformStateBackend>.Instance,
        dataProtection);
}
