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
    public async Task IsAuthorized_TokenIssuedByAnotherInstanceSharingTheKeyRing_Accepted()
    {
        var issuer = Create(SharedKeyRing());
        var credentials = issuer.IssueCredentials(Address, TimeSpan.FromMinutes(30));

        var validator = Create(SharedKeyRing());

        Assert.StartsWith("v3.", credentials.Password, StringComparison.Ordinal);
        Assert.True(await validator.IsAuthorizedAsync(Address, credentials.Password));
    }

    [Fact]
    public async Task IsAuthorized_TokenOfAnotherAddress_Refused()
    {
        var backend = Create(SharedKeyRing());
        var credentials = backend.IssueCredentials(Other, TimeSpan.FromMinutes(30));

        Assert.False(await backend.IsAuthorizedAsync(Address, credentials.Password));
        Assert.True(await backend.IsAuthorizedAsync(Other, credentials.Password));
    }

    [Fact]
    public async Task IsAuthorized_AfterExpiry_Refused()
    {
        var backend = Create(SharedKeyRing());
        var credentials = backend.IssueCredentials(Address, TimeSpan.FromMinutes(30));

        _time.Advance(TimeSpan.FromMinutes(31));

        Assert.False(await backend.IsAuthorizedAsync(Address, credentials.Password));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v2.")]
    [InlineData("v2.not-a-payload")]
    [InlineData("v1.9999999999.AAAA")]
    public async Task IsAuthorized_MalformedToken_Refused(string? token) =>
        Assert.False(await Create(SharedKeyRing()).IsAuthorizedAsync(Address, token));

    [Fact]
    public async Task IsAuthorized_OneCharacterChanged_Refused()
    {
        var backend = Create(SharedKeyRing());
        var token = backend.IssueCredentials(Address, TimeSpan.FromMinutes(30)).Password;
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        Assert.False(await backend.IsAuthorizedAsync(Address, tampered));
    }

    [Fact]
    public async Task IsAuthorized_TokenForgedWithTheOldDerivedKey_Refused()
    {
        // What an attacker could compute before: the signing key was a hash of the (public) emulator connection string.
        var derived = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("envorch-tfstate-signing-key|UseDevelopmentStorage=true")));
        var expiry = _time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(derived), Encoding.UTF8.GetBytes("v1\n" + Address + "\n" + expiry));
        var forged = "v1." + expiry + "." + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.False(await Create(SharedKeyRing()).IsAuthorizedAsync(Address, forged));
    }

    [Fact]
    public async Task IsAuthorized_KeyRingOfAnotherDeployment_Refused()
    {
        var token = Create(SharedKeyRing()).IssueCredentials(Address, TimeSpan.FromMinutes(30)).Password;
        var elsewhere = Directory.CreateTempSubdirectory("envorch-keyring-other-");
        try
        {
            Assert.False(await Create(DataProtectionProvider.Create(elsewhere)).IsAuthorizedAsync(Address, token));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Constructor_NoSigningKeyAndNoKeyRing_RefusesNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(dataProtection: null));

        Assert.Contains("TerraformStateBackend:SigningKey", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _keyRing.Delete(recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData("a-signing-key-of-at-least-32-characters!")]
    public async Task IsAuthorized_RunScopedToken_AcceptedWhileTheRunIsActiveThenRefusedSayingWhy(string? signingKey)
    {
        var gate = new SwitchableGate { Active = true };
        var backend = Create(SharedKeyRing(), gate, signingKey);
        var credentials = backend.IssueCredentials(Address, "20261204T0500000000000Z-1a2b3c4d", TimeSpan.FromMinutes(30));

        var whileActive = await backend.RefuseAsync(Address, credentials.Password, CancellationToken.None);
        gate.Active = false;
        var afterwards = await backend.RefuseAsync(Address, credentials.Password, CancellationToken.None);

        Assert.Null(whileActive);
        Assert.Equal("The state credentials were issued for run 20261204T0500000000000Z-1a2b3c4d, which no longer works on this environment.", afterwards);
        Assert.Equal((Address.ToString(), "20261204T0500000000000Z-1a2b3c4d"), Assert.Single(gate.Asked));
    }

    [Fact]
    public async Task IsAuthorized_AddressOnlyToken_NeverAsksTheGate()
    {
        var gate = new SwitchableGate { Active = false };
        var backend = Create(SharedKeyRing(), gate, null);

        Assert.True(await backend.IsAuthorizedAsync(Address, backend.IssueCredentials(Address, TimeSpan.FromMinutes(30)).Password));
        Assert.Empty(gate.Asked);
    }

    [Fact]
    public async Task IsAuthorized_SignedTokenWithItsRunChanged_Refused()
    {
        var backend = Create(null, new SwitchableGate { Active = true }, "a-signing-key-of-at-least-32-characters!");
        var token = backend.IssueCredentials(Address, "run-1", TimeSpan.FromMinutes(30)).Password;

        Assert.StartsWith("v1r.run-1.", token, StringComparison.Ordinal);
        Assert.False(await backend.IsAuthorizedAsync(Address, token.Replace("v1r.run-1.", "v1r.run-2.", StringComparison.Ordinal)));
        Assert.False(await backend.IsAuthorizedAsync(Address, token.Replace("v1r.run-1.", "v1r..", StringComparison.Ordinal)));
    }

    private TerraformStateBackend Create(IDataProtectionProvider? dataProtection, IStateRunGate gate, string? signingKey) => new(
        new InMemoryTerraformStateStore(_time, 5),
        Options.Create(new TerraformStateBackendOptions { SigningKey = signingKey ?? string.Empty }),
        _time,
        NullLogger<TerraformStateBackend>.Instance,
        dataProtection,
        gate);

    private sealed class SwitchableGate : IStateRunGate
    {
        public bool Active { get; set; }

        public List<(string Address, string Run)> Asked { get; } = [];

        public ValueTask<bool> IsActiveAsync(TerraformStateAddress address, string runId, CancellationToken cancellationToken)
        {
            if (Active)
            {
                Asked.Add((address.ToString(), runId));
            }

            return ValueTask.FromResult(Active);
        }
    }

    private IDataProtectionProvider SharedKeyRing() => DataProtectionProvider.Create(_keyRing);

    private TerraformStateBackend Create(IDataProtectionProvider? dataProtection) => new(
        new InMemoryTerraformStateStore(_time, 5),
        Options.Create(new TerraformStateBackendOptions()),
        _time,
        NullLogger<TerraformStateBackend>.Instance,
        dataProtection);
}
