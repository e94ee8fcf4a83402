using System.Globalization;
using System.Security.Cryptography;
using EnvOrchestrator.Core.TerraformState;
using Microsoft.AspNetCore.DataProtection;

namespace EnvOrchestrator.StateBackend.Security;

/// <summary>
/// Tokens sealed by Data Protection: <c>v2.{protected "{address}\n{expiry unix seconds}"}</c>. The key is generated
/// and kept in the service's key ring (encrypted by its key-encryption key, rotated with it), so nothing about it can be
/// derived from configuration or the storage account; the address inside is authenticated, the expiry too.
/// </summary>
internal sealed class DataProtectionStateAccessTokens(IDataProtectionProvider provider, TimeProvider timeProvider) : IStateAccessTokens
{
    /// <summary>Changing it makes every token issued before invalid (they live minutes, so that is harmless).</summary>
    public const string Purpose = "EnvOrchestrator.StateBackend.AccessTokens.v2";

    private const string Version = "v2.";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Issue(TerraformStateAddress address, DateTimeOffset expiresAt)
    {
        return Version + _protector.Protect(Claim(address, expiresAt.ToUnixTimeSeconds()));
    }

    public bool Validate(TerraformStateAddress address, string? token)
    {
        if (token is null || !token.StartsWith(Version, StringComparison.Ordinal))
        {
            return false;
        }

        string claim;
        try
        {
            claim = _protector.Unprotect(token[Version.Length..]);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }

        var separator = claim.LastIndexOf('\n');
        return separator > 0 &&
            string.Equals(claim[..separator], address.ToString(), StringComparison.Ordinal) &&
            long.TryParse(claim[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
            seconds >= timeProvider.GetUtcNow().ToUnixTimeSeconds();
    }

    private static string Claim(TerraformStateAddress address, long expiry) =>
        address + "\n" + expiry.ToString(CultureInfo.InvariantCulture);
}
